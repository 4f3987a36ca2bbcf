package io.llmbench.store;

/**
 * The store's schema could not be created or upgraded (database unreachable, unsupported
 * database, a migration failed, or the schema was changed by hand).
 */
public class StoreMigrationException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong
     * @param cause   the underlying exception, or null
     */
    public StoreMigrationException(String message, Throwable cause) {
        super("migrate", message, cause);
    }
}
