package dev.o11y.sdk.internal.profiling;

import io.pyroscope.http.Format;
import io.pyroscope.javaagent.EventType;
import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.api.Logger;
import io.pyroscope.javaagent.config.Config;
import io.pyroscope.javaagent.impl.PyroscopeExporter;
import java.util.Map;
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
  private final DroppedProfiles dropped = new DroppedProfiles();

  private PyroscopeProfiler(boolean ownsAgent) {
    this.ownsAgent = ownsAgent;
  }

  public static synchronized PyroscopeProfiler start(
      ProfilingSettings settings, String service, String environment) {
    EventType event = event(settings.event());
    if (PyroscopeAgent.isStarted()) {
      log.warn("continuous profiling to {} not started: a pyroscope agent already runs in this JVM"
          + " (another O11y instance or -javaagent); spans still label its samples", settings.url());
      ProfilingState.active = true;
      return new PyroscopeProfiler(false);
    }
    Config.Builder config = new Config.Builder()
        .setApplicationName(service)
        .setServerAddress(settings.url())
        .setFormat(Format.JFR)
        .setProfilingEvent(event)
        .setUploadInterval(settings.uploadInterval())
        .setLabels(Map.of("service", service, "env", environment))
        .setLogLevel(Logger.Level.WARN)
        .setIngestMaxRetries(INGEST_RETRIES)
        // a black-holed server must not hold the uploader for the agent's default 10 s per attempt
        .setProfileExportTimeout(EXPORT_TIMEOUT);
    if (settings.alloc() != null) {
      config.setProfilingAlloc(settings.alloc());
    }
    if (settings.lock() != null) {
      config.setProfilingLock(settings.lock());
    }
    Config built = config.build();
    PyroscopeProfiler profiler = new PyroscopeProfiler(true);
    ProfilerLogger logger = new ProfilerLogger(profiler.dropped);
    // the agent's uploader with our logger (where failed uploads become countable) behind our
    // queue (where snapshots evicted while the server hangs become countable)
    PyroscopeAgent.start(new PyroscopeAgent.Options.Builder(built)
        .setLogger(logger)
        .setExporter(new CountingUploadQueue(
            new PyroscopeExporter(built, logger), UPLOAD_QUEUE, profiler.dropped))
        .build());
    ProfilingState.active = PyroscopeAgent.isStarted();
    if (ProfilingState.active) {
      ExtractedProfilerLibrary.deleteLoadedCopy();
    }
    log.info("continuous profiling to {} ({}, upload every {}s): {}", settings.url(), settings.event(),
        settings.uploadInterval().toSeconds(), PyroscopeAgent.isStarted() ? "started" : "NOT started");
    return profiler;
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
