package io.pgtide.runner.schema;

/**
 * A table column as pg_catalog describes it.
 *
 * @param type      the type as SQL text (format_type), e.g. {@code numeric(12,2)} or {@code "Mood"[]}
 * @param typeOid   the type's oid on that server (differs between servers for user types)
 * @param generated true for a stored generated column (never written)
 * @param identity  'a' (ALWAYS), 'd' (BY DEFAULT) or 0
 * @param sequence  the sequence behind the column (serial, identity, or a nextval default) as quoted SQL, or null
 * @param collatable whether the type has a collation (text-like), which matters for key order
 */
public record Column(String name, int attnum, String type, long typeOid, boolean notNull, boolean hasDefault,
                     boolean generated, char identity, String sequence, boolean collatable) {

    public boolean identityAlways() {
        return identity == 'a';
    }
}
