package dev.o11y.sdk.spring.app;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Orders: the ways a request is the client's fault rather than the server's. */
@RestController
public class OrderDesk {

  @PostMapping("/orders")
  public Map<String, Object> place(@RequestBody Map<String, Object> order) {
    return order;
  }

  /** GET only; every order is unknown. */
  @GetMapping("/orders/{id}")
  public Map<String, Object> order(@PathVariable long id) {
    throw new UnknownOrderException("order " + id + " of alice@example.com");
  }

  @GetMapping("/orders/{id}/invoice")
  public String invoice(@PathVariable long id) {
    throw new ArchivedInvoiceException("invoice of order " + id + " moved to cold storage s3://bucket/key");
  }

  /** What {@code @PreAuthorize} throws when it refuses a caller. */
  @GetMapping("/orders/{id}/audit")
  public String audit(@PathVariable long id) {
    throw new AccessDeniedException("not an auditor");
  }

  /** What Spring Security throws when a request needs a login it does not have. */
  @GetMapping("/orders/{id}/owner")
  public String owner(@PathVariable long id) {
    throw new InsufficientAuthenticationException("log in to see the owner");
  }

  @ResponseStatus(HttpStatus.NOT_FOUND)
  static class UnknownOrderException extends RuntimeException {
    UnknownOrderException(String message) {
      super(message);
    }
  }

  @ResponseStatus(code = HttpStatus.GONE, reason = "The invoice was archived")
  static class ArchivedInvoiceException extends RuntimeException {
    ArchivedInvoiceException(String message) {
      super(message);
    }
  }
}
