package dev.o11y.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.o11y.sdk.O11y;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * CPU time of a fixed CPU-bound workload (inside monitored calls, so labels switch as in a real
 * service) with the profiler on at 100 Hz or off. One mode per JVM: the agent is one per process.
 * Uploads go to a loopback endpoint that discards them, so only the application's side is measured.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.o11y.benchmarks.ProfilingOverhead on|off</pre>
 */
public final class ProfilingOverhead {

  public static void main(String[] args) throws Exception {
    boolean on = args.length > 0 && args[0].equals("on");
    HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    sink.start();
    O11y.Builder builder = O11y.builder().serviceName("profiling-bench").otlpEndpoint("none");
    if (on) {
      builder.profilingUrl("http://127.0.0.1:" + sink.getAddress().getPort())
          .profilingUploadInterval(Duration.ofSeconds(10)); // the default
    }
    try (O11y o11y = builder.build()) {
      long cpuBefore = processCpuNanos();
      long wallBefore = System.nanoTime();
      long sink2 = 0;
      for (int call = 0; call < 2_000; call++) {
        sink2 += o11y.observe("work", ProfilingOverhead::work);
      }
      long cpu = processCpuNanos() - cpuBefore;
      long wall = System.nanoTime() - wallBefore;
      System.out.printf("%s cpu_ms=%d wall_ms=%d (%d)%n", on ? "on" : "off", cpu / 1_000_000, wall / 1_000_000, sink2 % 10);
    } finally {
      sink.stop(0);
    }
  }

  /** About 4 ms of arithmetic; the same amount of work in every run. */
  static long work() {
    long x = 1;
    for (int i = 0; i < 4_000_000; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      x ^= x >>> 29;
    }
    return x;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
