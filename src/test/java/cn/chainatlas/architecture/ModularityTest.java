package cn.chainatlas.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micronaut.http.annotation.Controller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the feature packages apart: shared pieces know no feature, features don't form cycles, and the web layer
 * goes through services instead of writing SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModularityTest {

    private JavaClasses classes;

    @BeforeAll
    void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.chainatlas");
    }

    @Test
    void sharedPiecesKnowNoFeature() {
        noClasses().that().resideInAnyPackage("cn.chainatlas.db..", "cn.chainatlas.excel..")
                .and().resideOutsideOfPackage("cn.chainatlas.db.schema..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "cn.chainatlas.chain..", "cn.chainatlas.enterprise..", "cn.chainatlas.imports..",
                        "cn.chainatlas.security..", "cn.chainatlas.web..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void securityDependsOnNoOtherFeature() {
        noClasses().that().resideInAPackage("cn.chainatlas.security..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "cn.chainatlas.chain..", "cn.chainatlas.enterprise..", "cn.chainatlas.imports..")
                .check(classes);
    }

    @Test
    void featuresFormNoCycles() {
        slices().matching("cn.chainatlas.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void controllersLeaveSqlToRepositories() {
        noClasses().that().areAnnotatedWith(Controller.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "cn.chainatlas.db.schema..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
