package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A user who imports only {@code o11y-sdk-bom} must resolve the versions this build tests with, and a
 * Boot user must resolve the same ones from Spring Boot's BOM. The BOM cannot inherit from the root pom
 * (importing it would import all our dependency management), so its versions are written twice; this
 * test fails the build when the copies drift:
 * <ul>
 *   <li>every property the BOM (or an example, built like a user project) shares with the root pom has
 *       the root pom's value, and every {@code dev.o11y} version in them is the project version;</li>
 *   <li>each library the BOM pins is the version on this module's test classpath;</li>
 *   <li>each of those is the version Spring Boot's BOM manages (read from the local repository).</li>
 * </ul>
 * This module is the one whose classpath holds all of them (OpenTelemetry, the JDBC instrumentation,
 * Jackson through the JSON log encoder, Kotlin through OkHttp).
 */
class BomAlignmentTest {

  private static final Path ROOT = Path.of(System.getProperty("basedir", "."))
      .toAbsolutePath().normalize().getParent();

  @Test
  void bomAndExamplesShareTheRootPomsVersions() throws Exception {
    Document root = parse(ROOT.resolve("pom.xml"));
    Map<String, String> rootProperties = properties(root);
    String projectVersion = childText(root.getDocumentElement(), "version");
    Map<String, String> bomProperties = properties(parse(ROOT.resolve("o11y-sdk-bom/pom.xml")));

    assertThat(bomProperties).containsKeys("opentelemetry.version", "opentelemetry-instrumentation.version");
    for (String pom : new String[] {"o11y-sdk-bom/pom.xml", "examples/plain-java/pom.xml",
        "examples/spring-boot/pom.xml"}) {
      Path file = ROOT.resolve(pom);
      if (!Files.exists(file)) {
        continue;
      }
      Document document = parse(file);
      properties(document).forEach((name, value) -> {
        if (rootProperties.containsKey(name)) {
          assertThat(value).as("%s in %s (the root pom.xml says %s)", name, pom, rootProperties.get(name))
              .isEqualTo(rootProperties.get(name));
        }
      });
      String ownVersion = properties(document).get("o11y-sdk.version");
      if (ownVersion != null) {
        assertThat(ownVersion).as("o11y-sdk.version in %s", pom).isEqualTo(projectVersion);
      }
      NodeList dependencies = document.getElementsByTagName("dependency");
      for (int i = 0; i < dependencies.getLength(); i++) {
        Element dependency = (Element) dependencies.item(i);
        String version = childText(dependency, "version");
        if ("dev.o11y".equals(childText(dependency, "groupId")) && version != null
            && !version.startsWith("${")) {
          assertThat(version).as("%s of %s in %s", version, childText(dependency, "artifactId"), pom)
              .isEqualTo(projectVersion);
        }
      }
    }
  }

  @Test
  void theBomPinsTheVersionsThisBuildTestsWith() throws Exception {
    Map<String, String> bom = properties(parse(ROOT.resolve("o11y-sdk-bom/pom.xml")));
    String otel = bom.get("opentelemetry.version");
    String instrumentation = bom.get("opentelemetry-instrumentation.version");

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("io.opentelemetry.api.OpenTelemetry", "opentelemetry-api-" + otel);
    expected.put("io.opentelemetry.sdk.OpenTelemetrySdk", "opentelemetry-sdk-" + otel);
    expected.put("io.opentelemetry.api.incubator.ExtendedOpenTelemetry", "opentelemetry-api-incubator-" + otel + "-alpha");
    expected.put("io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry",
        "opentelemetry-jdbc-" + instrumentation + "-alpha");
    expected.put("io.opentelemetry.instrumentation.api.instrumenter.Instrumenter",
        "opentelemetry-instrumentation-api-" + instrumentation);
    expected.put("tools.jackson.databind.ObjectMapper", "jackson-databind-" + bom.get("jackson-bom.version"));
    expected.put("kotlin.Unit", "kotlin-stdlib-" + bom.get("kotlin.version"));

    expected.forEach((className, jar) -> assertThat(jarOf(className))
        .as("the jar of %s on the test classpath: o11y-sdk-bom/pom.xml expects %s.jar", className, jar)
        .isEqualTo(jar + ".jar"));
  }

  @Test
  void theBomPinsWhatSpringBootManages() throws Exception {
    Map<String, String> bom = properties(parse(ROOT.resolve("o11y-sdk-bom/pom.xml")));
    String bootVersion = properties(parse(ROOT.resolve("pom.xml"))).get("spring-boot.version");
    // the BOM Boot's jar came with: <repo>/org/springframework/boot/spring-boot/<v>/spring-boot-<v>.jar
    Path bootGroup = Path.of(org.springframework.boot.SpringApplication.class.getProtectionDomain()
        .getCodeSource().getLocation().toURI()).getParent().getParent().getParent();
    Path bootBom = bootGroup.resolve("spring-boot-dependencies/" + bootVersion + "/spring-boot-dependencies-"
        + bootVersion + ".pom");
    assumeThat(bootBom).as("Spring Boot's BOM in the local repository").exists();
    Map<String, String> boot = properties(parse(bootBom));

    for (String name : new String[] {"opentelemetry.version", "jackson-bom.version", "kotlin.version"}) {
      assertThat(bom.get(name))
          .as("%s in o11y-sdk-bom/pom.xml: Spring Boot %s manages %s, and a Boot application resolves that",
              name, bootVersion, boot.get(name))
          .isEqualTo(boot.get(name));
    }
  }

  private static String jarOf(String className) {
    try {
      return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI())
          .getFileName().toString();
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new AssertionError(className + " is not on the test classpath", e);
    }
  }

  private static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try {
      return factory.newDocumentBuilder().parse(pom.toFile());
    } catch (IOException e) {
      throw new AssertionError("cannot read " + pom, e);
    }
  }

  /** The project's own {@code <properties>} (not a profile's). */
  private static Map<String, String> properties(Document pom) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (Node child = pom.getDocumentElement().getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && element.getTagName().equals("properties")) {
        for (Node p = element.getFirstChild(); p != null; p = p.getNextSibling()) {
          if (p instanceof Element property) {
            properties.put(property.getTagName(), property.getTextContent().trim());
          }
        }
      }
    }
    return properties;
  }

  private static String childText(Element parent, String tag) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && element.getTagName().equals(tag)) {
        return element.getTextContent().trim();
      }
    }
    return null;
  }
}
