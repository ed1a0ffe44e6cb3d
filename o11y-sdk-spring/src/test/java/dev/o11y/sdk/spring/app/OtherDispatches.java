package dev.o11y.sdk.spring.app;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Requests the container dispatches a second time: a forward, and an error page. */
@Controller
public class OtherDispatches {

  @GetMapping("/legacy/products/{id}")
  public String legacyProduct(@PathVariable long id) {
    return "forward:/products/" + id;
  }

  @GetMapping("/teapot")
  public void teapot(HttpServletResponse response) throws IOException {
    response.sendError(418, "short and stout");
  }
}
