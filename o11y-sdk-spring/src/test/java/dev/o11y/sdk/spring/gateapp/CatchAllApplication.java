package dev.o11y.sdk.spring.gateapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An application whose controllers would answer every path, actuator's included, if they came first. */
@SpringBootApplication(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
public class CatchAllApplication {

  @RestController
  static class Pages {
    @GetMapping("/items/{id}")
    String item(@PathVariable String id) {
      return "item " + id;
    }

    /** A single-page app's fallback: everything else is the index page. */
    @GetMapping("/**")
    String index() {
      return "index";
    }
  }
}
