package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.internal.Instrumenter;
import io.opentelemetry.context.Context;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The application's DataSource bean, handing out OpenTelemetry-instrumented connections except inside
 * a trace the sampler has already dropped. There every statement would still go through the JDBC
 * instrumentation (attributes, SQL sanitising, a span nobody can record): 5 % of the example
 * service's Java CPU samples at 10 % sampling, nearly all of it in the 90 % of requests never
 * recorded. So those checkouts get the pool's own connection.
 *
 * <p>Deciding at checkout is enough: Spring checks a connection out per statement or per transaction,
 * both within one request's trace (a connection the application holds across requests keeps the
 * choice of its checkout). A checkout outside any span (startup, a scheduled job) stays
 * instrumented, so its statements still get root spans. Unlike nested {@code @Monitored} calls, this
 * skip holds while profiling or when the MDC does not follow the context: the statement's span
 * would only have put its own never-exported span id on the MDC and the profiler's samples, and the
 * enclosing span's stay.
 *
 * <p>The pool-class proxy ({@link CheckoutTracingProxy}) sends its checkouts here; this class is the
 * bean itself only for a pool class that cannot be subclassed.
 */
public final class UnsampledTraceBypassingDataSource implements DataSource, AutoCloseable {

  private final DataSource raw;
  private final DataSource instrumented;
  private final Instrumenter instrumenter;

  public UnsampledTraceBypassingDataSource(DataSource raw, DataSource instrumented, Instrumenter instrumenter) {
    this.raw = raw;
    this.instrumented = instrumented;
    this.instrumenter = instrumenter;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return unsampledTrace() ? raw.getConnection() : instrumented.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return unsampledTrace()
        ? raw.getConnection(username, password)
        : instrumented.getConnection(username, password);
  }

  private boolean unsampledTrace() {
    return instrumenter.dropsChildrenOf(Context.current());
  }

  /** {@code unwrap(HikariDataSource.class)} and Boot's pool metrics reach the pool through here. */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : raw.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || raw.isWrapperFor(iface);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return raw.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    raw.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    raw.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return raw.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return raw.getParentLogger();
  }

  /** Spring infers {@code close} as the bean's destroy method: the pool must still shut down. */
  @Override
  public void close() throws Exception {
    if (raw instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
