package dev.o11y.sdk.internal.profiling;

import io.pyroscope.PyroscopeAsyncProfiler;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy of async-profiler's native library that pyroscope-java 2.9.2 extracts, once per JVM, into
 * a fresh {@code <user>-pyroscope<random>} directory under {@code java.io.tmpdir} and never removes:
 * ~600 KB left behind by every start of a service. The agent has no setting for that location, so
 * once the library is loaded the SDK deletes the copy, as async-profiler's own loader does with the
 * one it extracts: the JVM keeps the loaded library, and the agent never loads it again in this JVM,
 * so a profiler restarted later does not need the file.
 */
final class ExtractedProfilerLibrary {

  private static final Logger log = LoggerFactory.getLogger(ExtractedProfilerLibrary.class);

  private ExtractedProfilerLibrary() {}

  /** Call only once the agent has loaded the library, i.e. after it started. */
  static void deleteLoadedCopy() {
    Path library;
    try {
      // the agent keeps the path in a package-private field and offers no other way to it
      Field path = PyroscopeAsyncProfiler.class.getDeclaredField("libraryPath");
      path.setAccessible(true);
      library = Path.of((String) path.get(null));
    } catch (ReflectiveOperationException | RuntimeException agentChanged) {
      log.debug("the profiler library's extracted copy is left in place: its path is unknown", agentChanged);
      return;
    }
    delete(library, Path.of(System.getProperty("java.io.tmpdir")), System.getProperty("user.name"));
  }

  /**
   * Deletes {@code library} and its directory only when they are the agent's own extraction, never a
   * library the user placed: a {@code libasyncProfiler-*} file directly in a
   * {@code <user>-pyroscope*} directory directly in {@code tmpDir}. The directory stays if anything
   * else is in it.
   */
  static void delete(Path library, Path tmpDir, String user) {
    Path dir = library.getParent();
    if (dir == null || dir.getFileName() == null
        || !library.getFileName().toString().startsWith("libasyncProfiler-")
        || !dir.getFileName().toString().startsWith(user + "-pyroscope")
        || !tmpDir.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize().getParent())) {
      log.debug("profiler library {} is not the agent's extracted copy: left in place", library);
      return;
    }
    try {
      Files.deleteIfExists(library);
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      log.debug("could not delete the profiler library's extracted copy {}", library, e);
    }
  }
}
