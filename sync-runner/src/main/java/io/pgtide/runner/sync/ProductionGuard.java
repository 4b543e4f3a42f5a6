package io.pgtide.runner.sync;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The production guard: a target database that carries the setting {@code pgtide.environment =
 * 'production'} (set with {@code ALTER DATABASE ... SET}) is written only when the run was given a
 * confirmation equal to the name the user knows the target by. The setting lives in the database,
 * so it protects the target from every way of running pgtide, the command line included; a
 * DatabaseConnection's {@code environment: Production} is the operator's side of the same guard.
 *
 * @param expected     the confirmation that permits writing: the target database's name on the
 *                     command line, the target DatabaseConnection's name in a SyncJob
 * @param given        the confirmation the run was given (null: none)
 * @param howToConfirm what the user does to confirm, completing "To write to it, ..."
 */
public record ProductionGuard(String expected, String given, String howToConfirm) {
    /** The database (or role) setting that marks a production target. */
    public static final String SETTING = "pgtide.environment";

    /** The guard of a command-line run: confirmed by {@code --confirm-production <target database>}. */
    public static ProductionGuard commandLine(String targetDatabase, String given) {
        return new ProductionGuard(targetDatabase, given, "add --confirm-production " + targetDatabase);
    }

    /** The guard of a SyncJob's run: confirmed by {@code spec.productionConfirmation: <target connection>}. */
    public static ProductionGuard syncJob(String targetConnection, String given) {
        return new ProductionGuard(targetConnection, given,
                "set spec.productionConfirmation to '" + targetConnection + "'");
    }

    public boolean confirmed() {
        return expected != null && expected.equals(given);
    }

    /** Whether the database behind {@code connection} says it is production. */
    public static boolean isProduction(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('" + SETTING + "', true)")) {
            rs.next();
            return isProductionValue(rs.getString(1));
        }
    }

    /** Whether a value of the setting means production (case and surrounding blanks do not matter). */
    public static boolean isProductionValue(String value) {
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals("production");
    }

    /**
     * Refuses (exit 2, nothing written) to go on against a production target without the matching
     * confirmation. {@code action} completes "Refusing to ...", e.g. "sync into it".
     */
    public void check(Connection target, String targetDisplay, String action) throws SQLException {
        if (confirmed() || !isProduction(target)) {
            return;
        }
        throw new UserError(ExitCode.BAD_INPUT, refusal(targetDisplay, action));
    }

    /** Why a run stops at a production target, and how to confirm. */
    public String refusal(String targetDisplay, String action) {
        String why = given == null || given.isBlank()
                ? "no confirmation was given"
                : "the confirmation '" + given + "' does not match '" + expected + "'";
        return "The target " + targetDisplay + " is a production database (its setting " + SETTING
                + " is 'production'), and " + why + ". Refusing to " + action + "; nothing was written."
                + " To write to it, " + howToConfirm + ".";
    }
}
