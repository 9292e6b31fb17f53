package cn.chainatlas.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micronaut.http.annotation.Controller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the house in order (docs/architecture.md): shared pieces know no feature, features form no cycles and
 * reach each other through services, rules are pure, controllers are named for what they answer, and the
 * production classes hold no benchmark or test-data generator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModularityTest {

    /** The feature packages; everything else under cn.chainatlas is a shared piece. */
    static final List<String> FEATURES = List.of("chain", "enterprise", "imports", "demand", "matching",
            "matchmaking", "report", "security", "home");

    private JavaClasses classes;

    @BeforeAll
    void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.chainatlas");
    }

    private static String[] features(String... except) {
        return FEATURES.stream().filter(f -> !List.of(except).contains(f)).map(f -> "cn.chainatlas." + f + "..")
                .toArray(String[]::new);
    }

    @Test
    void sharedPiecesKnowNoFeature() {
        noClasses().that().resideInAnyPackage("cn.chainatlas.common..", "cn.chainatlas.db..", "cn.chainatlas.excel..",
                        "cn.chainatlas.geo..", "cn.chainatlas.web..", "cn.chainatlas.audit..")
                .and().resideOutsideOfPackage("cn.chainatlas.db.schema..")
                .should().dependOnClassesThat().resideInAnyPackage(features())
                .check(classes);
    }

    @Test
    void theCommonPiecesArePlainJava() {
        noClasses().that().resideInAPackage("cn.chainatlas.common..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "org.jooq..", "cn.chainatlas.db..",
                        "cn.chainatlas.excel..", "cn.chainatlas.geo..", "cn.chainatlas.web..")
                .check(classes);
    }

    @Test
    void rulesArePureFiguresInResultOut() {
        noClasses().that().haveSimpleNameEndingWith("Rules").or().haveSimpleNameEndingWith("Policy")
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "org.jooq..", "cn.chainatlas.db..",
                        "java.sql..", "javax.sql..")
                .check(classes);
    }

    /**
     * The upload trace of docs/architecture.md, step by step: the classes that do the work of a registry upload, in
     * the order the request meets their packages. Each step calls only the steps after it, so the path never
     * re-enters a package it has left (the excel reader hands rows to a {@code RowSink} — an excel interface —
     * that the import supplies: a callback, not a dependency).
     */
    static final List<List<String>> UPLOAD_PATH = List.of(
            List.of("security.CsrfProtection", "security.ActiveAccountClaimsValidator", "security.Actors"),
            List.of("imports.ImportApi", "imports.ImportService", "imports.ImportQueue", "imports.ImportPipeline",
                    "imports.ImportRepository"),
            List.of("enterprise.RegistryRowParser", "enterprise.Classifier", "enterprise.RegistryWriter",
                    "enterprise.RegistryHistory"),
            List.of("excel.TableReader", "excel.SpreadsheetReader", "excel.XlsxReader", "excel.SheetXmlHandler",
                    "excel.HeaderLayout"),
            List.of("audit.AuditLog"),
            List.of("geo.Cities", "db.DatabaseLocks"));

    @Test
    void theUploadTraceNamesAtMostTwentyFilesAndNeverReentersAPackage() {
        assertThat(UPLOAD_PATH.stream().mapToInt(List::size).sum()).isLessThanOrEqualTo(20);
        for (int i = 1; i < UPLOAD_PATH.size(); i++) {
            String[] earlier = UPLOAD_PATH.subList(0, i).stream()
                    .map(step -> "cn.chainatlas." + step.get(0).substring(0, step.get(0).indexOf('.')) + "..")
                    .distinct().toArray(String[]::new);
            String[] step = UPLOAD_PATH.get(i).stream().map(c -> "cn.chainatlas." + c).toArray(String[]::new);
            for (String c : step) {
                assertThat(classes.contain(c)).as("the trace names %s, which exists", c).isTrue();
            }
            noClasses().that(com.tngtech.archunit.base.DescribedPredicate.describe("on step " + i + " of the upload path",
                            (com.tngtech.archunit.core.domain.JavaClass c) -> List.of(step).contains(c.getName())
                                    || List.of(step).contains(c.getName().replaceFirst("\\$.*", ""))))
                    .should().dependOnClassesThat().resideInAnyPackage(earlier)
                    .check(classes);
        }
    }

    /**
     * Issue 10: one way of reading spreadsheets. Only the excel package opens files with POI's readers (the event
     * API, OLE2, the OPC package, a workbook from a file) or Commons CSV; everything else gets rows from it, and
     * both kinds of upload — the registry (ImportPipeline) and leaders' demands (DemandImportService) — read through
     * the same {@code TableReader}, which alone calls {@code SpreadsheetReader.read} outside errors.xlsx.
     */
    @Test
    void onlyTheExcelPackageReadsSpreadsheetsAndEveryUploadReadsThroughTheTableReader() {
        noClasses().that().resideOutsideOfPackage("cn.chainatlas.excel..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.poi.xssf.eventusermodel..",
                        "org.apache.poi.openxml4j..", "org.apache.poi.poifs..", "org.apache.poi.hssf..",
                        "org.apache.commons.csv..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.poi.ss.usermodel.WorkbookFactory")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("cn.chainatlas.excel..")
                .should().callMethod(cn.chainatlas.excel.SpreadsheetReader.class, "read", java.nio.file.Path.class,
                        String.class, cn.chainatlas.excel.RowSink.class)
                .check(classes);
        for (String upload : List.of("cn.chainatlas.imports.ImportPipeline", "cn.chainatlas.imports.DemandImportService")) {
            assertThat(classes.get(upload.endsWith("Pipeline") ? upload + "$Reader" : upload).getDirectDependenciesFromSelf())
                    .as("%s reads its file through the shared TableReader", upload)
                    .anyMatch(d -> d.getTargetClass().isEquivalentTo(cn.chainatlas.excel.TableReader.class));
        }
    }

    /**
     * Upload templates and errors.xlsx, the workbooks a clerk fills in and sends back, are written in the excel
     * package only (TemplateWorkbook, ErrorsWorkbook): drop-down lists, their names and the text format of identifier
     * columns are made one way for every kind of upload, so a list copied from one into the other keeps working.
     */
    @Test
    void onlyTheExcelPackageWritesWorkbooksThatAreFilledInAndSentBack() {
        noClasses().that().resideOutsideOfPackage("cn.chainatlas.excel..")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.apache.poi.ss.usermodel.DataValidationHelper")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.poi.ss.usermodel.DataValidation")
                .check(classes);
    }

    @Test
    void securityDependsOnNoOtherFeature() {
        noClasses().that().resideInAPackage("cn.chainatlas.security..")
                .should().dependOnClassesThat().resideInAnyPackage(features("security"))
                .check(classes);
    }

    @Test
    void nothingDependsOnTheReports() {
        noClasses().that().resideOutsideOfPackage("cn.chainatlas.report..")
                .should().dependOnClassesThat().resideInAPackage("cn.chainatlas.report..")
                .check(classes);
    }

    /**
     * The matchmaking tables belong to the matchmaking package (sql/V16__matchmaking.sql); only the gap analysis's
     * aggregate query reads them from outside (the SUPPLYING records move a demand's sourcing split, docs/matchmaking.md),
     * and matching learns about records through its own interfaces (MatchmakingFacts, Shortlists), never the tables.
     */
    @Test
    void theMatchmakingTablesAreMatchmakingsOwn() {
        noClasses().that().resideOutsideOfPackages("cn.chainatlas.matchmaking..", "cn.chainatlas.db.schema..")
                .and().doNotHaveSimpleName("GapFiguresRepository")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "the matchmaking tables", c -> c.getPackageName().startsWith("cn.chainatlas.db.schema")
                                && (c.getSimpleName().startsWith("Matchmaking") || c.getFullName().contains("MATCHMAKING"))))
                .check(classes);
        noClasses().that().resideInAPackage("cn.chainatlas.matching..")
                .should().dependOnClassesThat().resideInAPackage("cn.chainatlas.matchmaking..")
                .check(classes);
    }

    @Test
    void featuresFormNoCycles() {
        slices().matching("cn.chainatlas.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void featuresReachEachOtherThroughServicesOnly() {
        for (String feature : FEATURES) {
            noClasses().that().resideInAPackage("cn.chainatlas." + feature + "..")
                    .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                            "repositories, queries or controllers of another feature",
                            c -> c.getPackageName().startsWith("cn.chainatlas.")
                                    && !c.getPackageName().startsWith("cn.chainatlas." + feature)
                                    && FEATURES.stream().anyMatch(f -> c.getPackageName().startsWith("cn.chainatlas." + f))
                                    && (c.getSimpleName().endsWith("Repository") || c.getSimpleName().endsWith("Queries")
                                    || c.getSimpleName().endsWith("Api") || c.getSimpleName().endsWith("Pages"))))
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void controllersLeaveSqlToRepositories() {
        noClasses().that().areAnnotatedWith(Controller.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "cn.chainatlas.db.schema..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void jsonControllersAreApisAndPageControllersArePages() {
        classes().that().areAnnotatedWith(Controller.class).and().resideOutsideOfPackage("cn.chainatlas.web..")
                
                .should().haveSimpleNameEndingWith("Api").orShould().haveSimpleNameEndingWith("Pages")
                .check(classes);
    }

    @Test
    void theProductionClassesHoldNoBenchmarkOrGenerator() {
        noClasses().should().haveSimpleNameEndingWith("Bench").orShould().haveSimpleNameEndingWith("Benchmark")
                .orShould().haveSimpleName("RegistryGenerator").orShould().resideInAPackage("..bench..")
                .check(classes);
    }

    /** Issue 10: the spec parser and the match rules are figures in, result out, like the other rules. */
    @Test
    void theSpecParserAndTheMatchRulesArePure() {
        noClasses().that().haveFullyQualifiedName("cn.chainatlas.chain.SpecParser")
                .or().haveFullyQualifiedName("cn.chainatlas.matching.MatchRules")
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "org.jooq..", "cn.chainatlas.db..",
                        "java.sql..", "javax.sql..", "cn.chainatlas.security..", "cn.chainatlas.enterprise..",
                        "cn.chainatlas.demand..")
                .check(classes);
    }

    /** matching may use chain (the spec parser), demand and enterprise; never the other way round. */
    @Test
    void matchingSitsAboveDemandWhichSitsAboveTheRegistryAndTheChains() {
        noClasses().that().resideInAnyPackage("cn.chainatlas.chain..", "cn.chainatlas.enterprise..", "cn.chainatlas.demand..")
                .should().dependOnClassesThat().resideInAPackage("cn.chainatlas.matching..")
                .check(classes);
        noClasses().that().resideInAnyPackage("cn.chainatlas.chain..", "cn.chainatlas.enterprise..")
                .should().dependOnClassesThat().resideInAPackage("cn.chainatlas.demand..")
                .check(classes);
        noClasses().that().resideInAPackage("cn.chainatlas.chain..")
                .should().dependOnClassesThat().resideInAPackage("cn.chainatlas.enterprise..")
                .check(classes);
    }

    /**
     * Each table has one owner that writes it: demand (the gap analysis reads it in aggregate; matchmaking reads it in
     * the joins that decide who may see a record and in its figures, and never writes it), enterprise_leader
     * (enterprise). The shortlist table is gone: the shortlist is matchmaking's records (V16, docs/matchmaking.md).
     */
    @Test
    void theNewTablesAreUsedByTheirOwners() {
        noClasses().that().resideOutsideOfPackages("cn.chainatlas.demand..", "cn.chainatlas.chain..", "cn.chainatlas.matchmaking..",
                        "cn.chainatlas.db.schema..")
                .should().dependOnClassesThat().haveFullyQualifiedName("cn.chainatlas.db.schema.tables.Demand")
                .check(classes);
        noClasses().that().resideOutsideOfPackages("cn.chainatlas.enterprise..", "cn.chainatlas.db.schema..")
                .should().dependOnClassesThat().haveFullyQualifiedName("cn.chainatlas.db.schema.tables.EnterpriseLeader")
                .check(classes);
        // V18: the capacity per node is the enterprise package's; matching's candidate query alone reads it (allocation
        // learns it through MatchingService.Eligible)
        noClasses().that().resideOutsideOfPackages("cn.chainatlas.enterprise..", "cn.chainatlas.db.schema..")
                .and().doNotHaveFullyQualifiedName("cn.chainatlas.matching.CandidateRepository")
                .should().dependOnClassesThat().haveFullyQualifiedName("cn.chainatlas.db.schema.tables.EnterpriseNodeCapacity")
                .check(classes);
    }

    /**
     * enterprise_node is written only by the enterprise package, because every writer keeps enterprise.is_unclassified
     * (the 未归类 mark, sql/V24__enterprise_unclassified_mark.sql) in the same transaction. Classes elsewhere read it
     * (gap figures, candidates, the home page) and must not insert, update or delete anything.
     */
    @Test
    void onlyTheRegistryWritesTheNodeRows() {
        noClasses().that().resideOutsideOfPackages("cn.chainatlas.enterprise..", "cn.chainatlas.db..")
                .and(com.tngtech.archunit.base.DescribedPredicate.describe("read enterprise_node",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> c.getFieldAccessesFromSelf().stream().anyMatch(
                                a -> a.getTargetOwner().getFullName().equals("cn.chainatlas.db.schema.tables.EnterpriseNode")
                                        || a.getName().equals("ENTERPRISE_NODE"))))
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a DSLContext write (insertInto, update, deleteFrom, delete, mergeInto)",
                        call -> call.getTargetOwner().isAssignableTo(org.jooq.DSLContext.class)
                                && List.of("insertInto", "update", "deleteFrom", "delete", "mergeInto", "batchInsert",
                                "batchUpdate", "batchDelete", "loadInto").contains(call.getName())))
                .check(classes);
    }
}
