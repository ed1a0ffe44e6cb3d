package dev.o11y.sdk.internal.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK deletes the agent's own copy of the library and nothing else. */
class ExtractedProfilerLibraryTest {

  private static final String LIBRARY = "libasyncProfiler-linux-x64-0123abcd.so";

  @TempDir
  Path tmpDir;

  @Test
  void onlyTheAgentsOwnCopyAndItsDirectoryAreDeleted() throws IOException {
    Path agentCopy = file(tmpDir.resolve("alice-pyroscope123"), LIBRARY);
    Path notInTmpDir = file(tmpDir.resolve("app").resolve("alice-pyroscope123"), LIBRARY);
    Path usersOwn = file(tmpDir.resolve("profiler"), LIBRARY);
    Path anotherUsers = file(tmpDir.resolve("bob-pyroscope456"), LIBRARY);
    Path notTheLibrary = file(tmpDir.resolve("alice-pyroscope555"), "libmine.so");
    Path besideOtherFiles = file(tmpDir.resolve("alice-pyroscope789"), LIBRARY);
    Path neighbour = file(besideOtherFiles.getParent(), "notes.txt");

    for (Path library : new Path[] {agentCopy, notInTmpDir, usersOwn, anotherUsers, notTheLibrary, besideOtherFiles}) {
      ExtractedProfilerLibrary.delete(library, tmpDir, "alice");
    }

    assertThat(agentCopy.getParent()).doesNotExist();
    assertThat(notInTmpDir).exists();
    assertThat(usersOwn).exists();
    assertThat(anotherUsers).exists();
    assertThat(notTheLibrary).exists();
    assertThat(besideOtherFiles).doesNotExist();
    assertThat(neighbour).as("a directory with anything else in it stays, with it").exists();
  }

  private static Path file(Path dir, String name) throws IOException {
    return Files.writeString(Files.createDirectories(dir).resolve(name), "");
  }
}
