package dev.o11y.examples.spring;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ProductController {

  private final Catalog catalog;

  public ProductController(Catalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping("/products/{id}")
  public Map<String, Object> product(@PathVariable long id) {
    return catalog.find(id);
  }

  @GetMapping("/products")
  public List<Map<String, Object>> search(@RequestParam(name = "q", defaultValue = "") String text) {
    return catalog.search(text);
  }

  @ExceptionHandler(NoSuchElementException.class)
  public ProblemDetail notFound(NoSuchElementException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }
}
