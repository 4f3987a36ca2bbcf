package io.llmbench.examples.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a new connection that has not sent the headers of its first request within the deadline
 * (a slowloris client trickling header bytes keeps the idle timeout from firing). Registered on
 * the connector as a Jetty connection listener; the check runs on Jetty's scheduler. Later requests
 * on a kept-alive connection are bounded by the idle timeout. Thread-safe.
 */
final class HeaderDeadline implements Connection.Listener {
    private final long millis;

    HeaderDeadline(Duration deadline) {
        this.millis = deadline.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof HttpConnection http)) {
            return;
        }
        Scheduler scheduler = http.getConnector().getScheduler();
        scheduler.schedule(() -> {
            if (http.getMessagesIn() == 0 && http.getEndPoint().isOpen()) {
                http.getEndPoint().close();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
        // nothing to release: the scheduled check sees the closed end point
    }
}
