package io.pgtide.api;

/** What a database is used for; writing to a Production target needs a confirmation. */
public enum Environment {
    Development, Staging, Production
}
