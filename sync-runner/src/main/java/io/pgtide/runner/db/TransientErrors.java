package io.pgtide.runner.db;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/** Which failures are worth another attempt: connection loss, serialization failures, overload. */
public final class TransientErrors {
    private TransientErrors() {
    }

    public static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) {
                return false;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return !hasCause(t, UnknownHostException.class);
            }
            if (c instanceof ConnectException || c instanceof SocketTimeoutException
                    || c instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATEs that a retry can cure: 08 connection exceptions, 40001, 40P01, 53300, 57P01-57P03. */
    public static boolean isTransientState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08")
                || state.equals("40001") || state.equals("40P01")
                || state.equals("53300") || state.equals("53400")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }

    public static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    public static String sqlState(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
