package io.gitopspipeline.sync;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection that has not delivered its request's headers within a deadline of being
 * accepted. Jetty's idle timeout alone lets a peer drip one byte per period for hours; this bounds
 * the whole header phase. A bean of the connector, so Jetty tells it of every connection.
 */
final class HeaderDeadline implements Connection.Listener {
  private final Connector connector;
  private final long deadlineMillis;
  private final Map<Connection, Scheduler.Task> pending = new ConcurrentHashMap<>();

  HeaderDeadline(Connector connector, Duration deadline) {
    this.connector = connector;
    this.deadlineMillis = deadline.toMillis();
  }

  @Override
  public void onOpened(Connection connection) {
    Scheduler.Task task =
        connector
            .getScheduler()
            .schedule(
                () -> {
                  if (pending.remove(connection) != null) {
                    connection.getEndPoint().close();
                  }
                },
                deadlineMillis,
                TimeUnit.MILLISECONDS);
    pending.put(connection, task);
  }

  @Override
  public void onClosed(Connection connection) {
    headersArrived(connection);
  }

  /** The connection's request reached the handler: its header phase is over. */
  void headersArrived(Connection connection) {
    Scheduler.Task task = pending.remove(connection);
    if (task != null) {
      task.cancel();
    }
  }
}
