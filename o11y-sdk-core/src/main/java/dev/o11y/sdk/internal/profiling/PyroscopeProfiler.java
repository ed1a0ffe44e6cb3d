package dev.o11y.sdk.internal.profiling;

import io.pyroscope.http.Format;
import io.pyroscope.javaagent.EventType;
import io.pyroscope.javaagent.ProfilerDelegate;
import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.api.Logger;
import io.pyroscope.javaagent.config.Config;
import io.pyroscope.javaagent.impl.PyroscopeExporter;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Starts pyroscope-java's agent in-process. Referenced only when a profiling URL is set, so without
 * one no profiler class or native library is loaded. The agent is one per JVM: the instance that
 * started it stops it and counts its lost uploads; another one (a second O11y, or the agent already
 * attached with {@code -javaagent}) leaves it alone and counts nothing.
 */
public final class PyroscopeProfiler implements AutoCloseable {

  private static final org.slf4j.Logger log = LoggerFactory.getLogger(PyroscopeProfiler.class);

  /** A few retries, then the snapshot is dropped and counted: old profiles are worth little. */
  static final int INGEST_RETRIES = 2;

  static final java.time.Duration EXPORT_TIMEOUT = java.time.Duration.ofSeconds(5);

  /** Snapshots waiting for upload before the oldest is dropped and counted. */
  static final int UPLOAD_QUEUE = 8;

  private final boolean ownsAgent;
  private final DroppedProfiles dropped;
  /** Why the profiler could not start, without credentials; null when it runs. */
  private final String failure;

  private PyroscopeProfiler(boolean ownsAgent, DroppedProfiles dropped, String failure) {
    this.ownsAgent = ownsAgent;
    this.dropped = dropped;
    this.failure = failure;
  }

  /**
   * Starts the agent, or, when async-profiler cannot load (unsupported platform, its library not
   * extractable or not loadable) or the profiler refuses to start, logs one WARN line and returns a
   * profiler that is off: nothing of it runs, and the application goes on without profiles.
   */
  public static PyroscopeProfiler start(ProfilingSettings settings, String service, String environment) {
    return start(settings, service, environment, ProfilerDelegate::create);
  }

  /** @param profilers makes the agent's profiler (async-profiler), loading its native library */
  static synchronized PyroscopeProfiler start(ProfilingSettings settings, String service, String environment,
      Function<Config, ProfilerDelegate> profilers) {
    EventType event = event(settings.event());
    if (PyroscopeAgent.isStarted()) {
      log.warn("continuous profiling to {} not started: a pyroscope agent already runs in this JVM"
          + " (another O11y instance or -javaagent); spans still label its samples", settings.shownUrl());
      ProfilingState.active = true;
      return new PyroscopeProfiler(false, new DroppedProfiles(), null);
    }
    DroppedProfiles dropped = new DroppedProfiles();
    ProfilerLogger logger = new ProfilerLogger(dropped);
    Config built;
    ProfilerDelegate profiler;
    try {
      built = config(settings, service, environment, event);
      profiler = profilers.apply(built); // loads async-profiler's native library
    } catch (RuntimeException | LinkageError e) {
      return failedToStart(settings, dropped, e);
    }
    // the agent's uploader with our logger (where failed uploads become countable) behind our
    // queue (where snapshots evicted while the server hangs become countable)
    CountingUploadQueue uploads = new CountingUploadQueue(new PyroscopeExporter(built, logger), UPLOAD_QUEUE, dropped);
    try {
      // a profiler failing to start is logged by the agent, not thrown: the logger keeps it for us
      PyroscopeAgent.start(new PyroscopeAgent.Options.Builder(built)
          .setLogger(logger)
          .setProfiler(profiler)
          .setExporter(uploads)
          .build());
    } catch (RuntimeException | LinkageError e) {
      logger.startFailed(e);
    }
    if (!PyroscopeAgent.isStarted()) {
      uploads.stop(); // its thread, and the uploader's connection pool
      Throwable why = logger.startFailure();
      return failedToStart(settings, dropped,
          why != null ? why : new IllegalStateException("the agent did not start and did not say why"));
    }
    ProfilingState.active = true;
    ExtractedProfilerLibrary.deleteLoadedCopy();
    log.info("continuous profiling to {} ({}, upload every {}s): started", settings.shownUrl(), settings.event(),
        settings.uploadInterval().toSeconds());
    return new PyroscopeProfiler(true, dropped, null);
  }

  private static Config config(ProfilingSettings settings, String service, String environment, EventType event) {
    Config.Builder config = new Config.Builder()
        .setApplicationName(service)
        // never the credentials: the agent prints its address (at DEBUG) and puts it in exceptions
        .setServerAddress(settings.serverAddress())
        .setFormat(Format.JFR)
        .setProfilingEvent(event)
        .setUploadInterval(settings.uploadInterval())
        .setLabels(Map.of("service", service, "env", environment))
        .setLogLevel(Logger.Level.WARN)
        .setIngestMaxRetries(INGEST_RETRIES)
        // a black-holed server must not hold the uploader for the agent's default 10 s per attempt
        .setProfileExportTimeout(EXPORT_TIMEOUT);
    if (settings.basicAuthUser() != null) {
      // sent as the Authorization header; the agent's Config.toString leaves these two out
      config.setBasicAuthUser(settings.basicAuthUser()).setBasicAuthPassword(settings.basicAuthPassword());
    }
    if (settings.alloc() != null) {
      config.setProfilingAlloc(settings.alloc());
    }
    if (settings.lock() != null) {
      config.setProfilingLock(settings.lock());
    }
    return config.build();
  }

  /** One WARN line, and a profiler that is off: the application must not notice beyond that line. */
  private static PyroscopeProfiler failedToStart(ProfilingSettings settings, DroppedProfiles dropped, Throwable e) {
    ProfilingState.active = false;
    String reason = settings.hideCredentials(
        (e instanceof LinkageError ? "async-profiler's native library did not load: " : "") + reason(e));
    log.warn("continuous profiling to {} is off: the profiler could not start ({}); the application runs on"
        + " without profiles", settings.shownUrl(), reason);
    if (log.isDebugEnabled()) {
      log.debug("why the profiler could not start: {}", settings.hideCredentials(stackTrace(e)));
    }
    return new PyroscopeProfiler(false, dropped, reason);
  }

  /** The innermost cause, which names the real problem (the agent wraps it once or twice). */
  static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter text = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(text));
    return text.toString();
  }

  /** Why profiling is off although it was configured (without credentials), or null when it runs. */
  public String failure() {
    return failure;
  }

  /** Profile uploads given up on by the agent this instance started (server down or refusing). */
  public long droppedUploads() {
    return dropped.count();
  }

  /** Whether {@code name} is an event the profiler can sample on (itimer, cpu, wall). */
  public static boolean isKnownEvent(String name) {
    return find(name) != null;
  }

  static EventType event(String name) {
    EventType type = find(name);
    if (type == null) {
      throw new dev.o11y.sdk.O11yConfigurationException(
          "profiling event '" + name + "' is unknown (O11Y_PROFILING_EVENT / profilingEvent); use itimer, cpu or wall");
    }
    return type;
  }

  private static EventType find(String name) {
    for (EventType type : EventType.values()) {
      if (type.id.equalsIgnoreCase(name) || type.name().equalsIgnoreCase(name)) {
        return type;
      }
    }
    return null;
  }

  @Override
  public void close() {
    if (ownsAgent) {
      synchronized (PyroscopeProfiler.class) {
        ProfilingState.active = false;
        PyroscopeAgent.stop();
      }
    }
  }
}
