package dev.o11y.sdk.kafka.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.Invocation;
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

/**
 * A Producer whose {@code send} opens a PRODUCER span, writes {@code traceparent} (and baggage) into
 * the record headers and ends the span when the broker acknowledges. Every other method is the
 * delegate's, unchanged: a dynamic proxy keeps up with kafka-clients' interface as it grows.
 */
public final class TracingProducer implements InvocationHandler {

  private static final Method SEND_WITH_CALLBACK = sendWithCallback();

  private final Object delegate;
  private final O11y o11y;
  private final MessagingMetrics metrics;

  private TracingProducer(Object delegate, O11y o11y, MessagingMetrics metrics) {
    this.delegate = delegate;
    this.o11y = o11y;
    this.metrics = metrics;
  }

  @SuppressWarnings("unchecked")
  public static <K, V> Producer<K, V> wrap(Producer<K, V> producer, O11y o11y, MessagingMetrics metrics) {
    return (Producer<K, V>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
        new Class<?>[] {Producer.class}, new TracingProducer(producer, o11y, metrics));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("send") && args != null && args.length >= 1
        && args[0] instanceof ProducerRecord<?, ?> record) {
      Callback callback = args.length > 1 ? (Callback) args[1] : null;
      return send(record, callback);
    }
    return call(method, args);
  }

  private Object send(ProducerRecord<?, ?> record, Callback callback) throws Throwable {
    String topic = record.topic();
    Invocation invocation = o11y.instrumenter().startDetached(
        "send " + topic, SpanKind.PRODUCER, MessagingAttributes.send(topic), parent(record), null);
    try {
      o11y.openTelemetry().getPropagators().getTextMapPropagator()
          .inject(invocation.context(), record.headers(), KafkaHeaders.SETTER);
    } catch (IllegalStateException readOnlyHeaders) {
      // the record was already sent once; it keeps the context it carries
    }
    Callback traced = (metadata, exception) -> {
      metrics.sent(topic, exception == null);
      invocation.endDetached(exception);
      if (callback != null) {
        callback.onCompletion(metadata, exception);
      }
    };
    try {
      return SEND_WITH_CALLBACK.invoke(delegate, record, traced);
    } catch (InvocationTargetException e) {
      metrics.sent(topic, false);
      invocation.endDetached(e.getCause());
      throw e.getCause();
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
    return KafkaHeaders.extract(o11y, record.headers());
  }

  private static Method sendWithCallback() {
    try {
      return Producer.class.getMethod("send", ProducerRecord.class, Callback.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("kafka-clients without Producer.send(record, callback)", e);
    }
  }

  private Object call(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
