package io.pgtide.operator.connection;

import io.pgtide.api.Privileges;
import io.pgtide.runner.sync.ProductionGuard;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a health check learns from the server: its version, what the connecting role may do, and
 * the database's own {@code pgtide.environment} setting (empty when it has none).
 */
record ServerFacts(String serverVersion, boolean superuser, boolean replication, boolean createSchema,
                   String databaseEnvironment) {

    /** One round trip; {@code pg_roles} and the privilege function are readable by any role. */
    static final String QUERY = "SELECT current_setting('server_version'), r.rolsuper, r.rolreplication,"
            + " has_database_privilege(current_database(), 'CREATE'),"
            + " coalesce(current_setting('" + ProductionGuard.SETTING + "', true), '')"
            + " FROM pg_catalog.pg_roles r WHERE r.rolname = current_user";

    static ServerFacts read(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
            if (!rs.next()) {
                throw new SQLException("the connecting role is not in pg_roles");
            }
            // "15.8 (Debian 15.8-1.pgdg120+1)" -> "15.8"
            String version = rs.getString(1).split(" ")[0];
            return new ServerFacts(version, rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getString(5).strip());
        }
    }

    Privileges toPrivileges() {
        Privileges p = new Privileges();
        p.setSuperuser(superuser);
        p.setReplication(replication);
        p.setCreateSchema(createSchema);
        return p;
    }
}
