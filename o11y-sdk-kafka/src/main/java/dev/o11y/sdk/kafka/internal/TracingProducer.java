package dev.o11y.sdk.kafka.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.Invocation;
import dev.o11y.sdk.internal.SdkInternals;
import dev.o11y.sdk.kafka.internal.Destinations.Sending;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A Producer whose {@code send} opens a PRODUCER span, writes {@code traceparent} (and baggage) into
 * the record headers and ends the span when the broker acknowledges. Every other method is the
 * delegate's, unchanged: a dynamic proxy keeps up with kafka-clients' interface as it grows.
 */
public final class TracingProducer implements InvocationHandler {

  private final Producer<Object, Object> delegate;
  private final O11y o11y;
  private final Destinations destinations;
  private final KafkaHeaders headers;

  private TracingProducer(Producer<Object, Object> delegate, O11y o11y, Destinations destinations) {
    this.delegate = delegate;
    this.o11y = o11y;
    this.destinations = destinations;
    this.headers = new KafkaHeaders(o11y);
  }

  @SuppressWarnings("unchecked")
  public static <K, V> Producer<K, V> wrap(Producer<K, V> producer, O11y o11y, Destinations destinations) {
    if (Proxy.isProxyClass(producer.getClass()) && Proxy.getInvocationHandler(producer) instanceof TracingProducer) {
      return producer; // wrapped twice, every send would be two spans
    }
    return (Producer<K, V>) Proxy.newProxyInstance(Producer.class.getClassLoader(), new Class<?>[] {Producer.class},
        new TracingProducer((Producer<Object, Object>) producer, o11y, destinations));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (WrapperIdentity.handles(method)) {
      return WrapperIdentity.invoke(proxy, method, args, "TracingProducer", delegate);
    }
    if (method.getName().equals("send") && args != null && args.length >= 1
        && args[0] instanceof ProducerRecord<?, ?> record) {
      Callback callback = args.length > 1 ? (Callback) args[1] : null;
      return send(record, callback);
    }
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private Object send(ProducerRecord<?, ?> record, Callback callback) {
    Sending destination = destinations.sending(record.topic());
    Invocation invocation = SdkInternals.instrumenter(o11y).startDetached(
        destination.spanName, SpanKind.PRODUCER, destination.attributes, parent(record), null);
    headers.inject(invocation.context(), record.headers());
    Acknowledgement acknowledgement = new Acknowledgement(destination, invocation, callback);
    try {
      // called directly, not through reflection: this is the per-record path
      return delegate.send((ProducerRecord<Object, Object>) record, acknowledgement);
    } catch (RuntimeException | Error e) {
      acknowledgement.failedToSend(e); // the client threw instead of calling back: no ack will come
      throw e;
    }
  }

  /**
   * The current context; with none, the trace the record already carries. That is what keeps a
   * retry or a dead-letter re-publish (which copies the original headers) in the original trace.
   */
  private Context parent(ProducerRecord<?, ?> record) {
    Context current = Context.current();
    if (Span.fromContext(current).getSpanContext().isValid()) {
      return current;
    }
    return headers.extract(record.headers());
  }

  /**
   * Ends the send's span and counts it once the broker answered, then hands over to the
   * application's callback. One object per send, needed anyway to carry the span to the I/O thread.
   */
  private record Acknowledgement(Sending destination, Invocation invocation, Callback callback) implements Callback {
    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception == null) {
        destination.sentOk.increment();
        invocation.endDetached(null);
      } else {
        failedToSend(exception);
      }
      if (callback != null) {
        callback.onCompletion(metadata, exception);
      }
    }

    void failedToSend(Throwable error) {
      destination.metrics.sent(destination.topic, false);
      invocation.endDetached(error);
    }
  }
}
