package io.pgtide.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A table's full contents in one value: its row count and the md5 of all rows as text in key
 * order. Equal checksums on both sides mean equal tables, row for row and column for column.
 */
record TableChecksum(String table, long rows, String md5) {

    static TableChecksum of(Connection c, String table, String keyColumn) throws SQLException {
        String sql = "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t." + keyColumn + "), ''))"
                + " FROM " + table + " t";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new TableChecksum(table, rs.getLong(1), rs.getString(2));
        }
    }
}
