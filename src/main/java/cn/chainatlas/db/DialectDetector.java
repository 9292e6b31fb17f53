package cn.chainatlas.db;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.jooq.Configuration;
import org.jooq.SQLDialect;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connector/J speaks to MySQL and MariaDB alike, so jOOQ would take both for MYSQL; the server's own version
 * string tells them apart, and jOOQ then renders the dialect that server really speaks.
 */
@Singleton
final class DialectDetector implements BeanCreatedEventListener<Configuration> {

    @Override
    public Configuration onCreated(BeanCreatedEvent<Configuration> event) {
        Configuration configuration = event.getBean();
        Connection connection = configuration.connectionProvider().acquire();
        try {
            String version = connection.getMetaData().getDatabaseProductVersion();
            configuration.set(version != null && version.contains("MariaDB") ? SQLDialect.MARIADB : SQLDialect.MYSQL);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the database version to choose the SQL dialect", e);
        } finally {
            configuration.connectionProvider().release(connection);
        }
        return configuration;
    }
}
