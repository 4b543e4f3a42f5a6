package io.pgtide.runner.db;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a database is and who connects: parsed from {@code postgresql://user:pass@host:port/db?...}
 * or {@code jdbc:postgresql://...}. {@link #toString()} never shows the password.
 */
public record PgUrl(String host, int port, String database, String user, String password,
                    Map<String, String> parameters) {

    /** A name=value parameter of a URL query; the value runs to the next '&' or the end of the line. */
    private static final Pattern PARAMETER = Pattern.compile("([^?&\\s'\"=]+)=([^&\\n]*)");

    private static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public PgUrl {
        parameters = Map.copyOf(parameters);
    }

    /**
     * Parses a URL given on the command line; {@code role} ("source" or "target") only names it in
     * error messages. A password given in {@code fallbackPassword} (from the environment) is used
     * when the URL has none.
     */
    public static PgUrl parse(String role, String text, String fallbackPassword) {
        if (text == null || text.isBlank()) {
            throw bad(role, "it is empty", null);
        }
        String trimmed = text.trim();
        String rest;
        if (trimmed.startsWith("jdbc:postgresql://")) {
            rest = trimmed.substring("jdbc:".length());
        } else if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            rest = trimmed;
        } else {
            throw bad(role, "it must start with postgresql:// or jdbc:postgresql://", trimmed);
        }
        URI uri;
        try {
            uri = new URI(rest);
        } catch (URISyntaxException e) {
            throw bad(role, "it is not a valid URL (" + e.getReason() + ")", trimmed);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw bad(role, "it names no host (expected postgresql://user@host:5432/database)", trimmed);
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        if (port < 1 || port > 65535) {
            throw bad(role, "the port " + port + " is out of range", trimmed);
        }
        String path = uri.getRawPath();
        if (path == null || path.length() <= 1) {
            throw bad(role, "it names no database (add /dbname after the host)", trimmed);
        }
        String database = decode(path.substring(1));
        if (database.contains("/")) {
            throw bad(role, "the database name must not contain '/'", trimmed);
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        Map<String, String> params = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.put(key, value);
            }
        }
        if (user == null) {
            user = params.remove("user");
        }
        if (password == null) {
            password = params.remove("password");
        }
        params.remove("user");
        params.remove("password");
        if (user == null || user.isBlank()) {
            throw bad(role, "it names no user (expected postgresql://user@host/database)", trimmed);
        }
        String sslMode = params.get("sslmode");
        if (sslMode != null && !SSL_MODES.contains(sslMode)) {
            throw bad(role, "sslmode '" + sslMode + "' is not one of " + String.join(", ",
                    SSL_MODES.stream().sorted().toList()), trimmed);
        }
        if (password == null && fallbackPassword != null && !fallbackPassword.isEmpty()) {
            password = fallbackPassword;
        }
        return new PgUrl(host, port, database, user, password, params);
    }

    /** The JDBC URL without credentials (they go into connection properties). */
    public String jdbcUrl() {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + hostPart + ":" + port + "/" + encodePath(database);
    }

    /** host:port/database, for messages and for deriving job identities. */
    public String displayName() {
        return host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + displayName();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encodePath(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static UserError bad(String role, String why, String url) {
        String shown = url == null ? "" : " '" + shownPart(url) + "'";
        return new UserError(ExitCode.BAD_INPUT, "The --" + role + " URL" + shown + " is not usable: " + why
                + ". Use postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...] or the jdbc:postgresql:// form;"
                + " the password may come from PGTIDE_" + role.toUpperCase() + "_PASSWORD instead.");
    }

    /**
     * What of a malformed URL a message may show: not its credentials (everything from the scheme to
     * the last '@' is hidden, whatever characters the password holds) and not its parameters (a
     * password may be one of them, spelt in any encoding). The error's reason names the bad part.
     */
    static String shownPart(String url) {
        int at = url.lastIndexOf('@');
        String shown = url;
        if (at >= 0) {
            int scheme = url.indexOf("://");
            shown = (scheme >= 0 && scheme < at ? url.substring(0, scheme + 3) : "") + "***@" + url.substring(at + 1);
        }
        int query = shown.indexOf('?');
        return query < 0 ? shown : shown.substring(0, query) + "?...";
    }

    /**
     * Removes passwords from a text that may hold URLs (a driver's or a parser's message): everything
     * from a scheme's "://" to the last '@' of the line (over-hiding rather than leaking a password
     * with blanks, quotes or '@' in it), user:password@ in a text whose scheme is misspelt
     * ("postgresql//u:pw@h/db") or missing, and the values of password parameters, whatever the
     * encoding of their name.
     */
    public static String redact(String text) {
        String masked = text.replaceAll("(://)[^\\n]*@", "$1***@")
                .replaceAll("((?:^|[\\s'\"/])[^:/@?\\s'\"]+):(?:(?!//)[^@\\s'\"])*@", "$1:***@");
        Matcher parameter = PARAMETER.matcher(masked);
        StringBuilder out = new StringBuilder();
        while (parameter.find()) {
            boolean secret = decodeQuietly(parameter.group(1)).equalsIgnoreCase("password");
            parameter.appendReplacement(out, Matcher.quoteReplacement(secret ? parameter.group(1) + "=***" : parameter.group()));
        }
        parameter.appendTail(out);
        return out.toString();
    }

    private static String decodeQuietly(String s) {
        try {
            return decode(s);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }
}
