package io.llmbench.store;

/** An operation named a run that the store does not hold. */
public class RunNotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * @param operation what the store was doing
     * @param runId     the missing run's id
     */
    public RunNotFoundException(String operation, String runId) {
        super(operation, runId, "no run with id '" + runId + "' is stored", null);
    }
}
