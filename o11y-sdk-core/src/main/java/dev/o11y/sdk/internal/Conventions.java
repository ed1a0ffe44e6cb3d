package dev.o11y.sdk.internal;

import dev.o11y.sdk.O11yConfigurationException;
import dev.o11y.sdk.O11yConvention;
import dev.o11y.sdk.OperationDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The registered {@link O11yConvention}s applied in order, as one. */
public final class Conventions {

  /** Labels the SDK itself owns; a convention adding one of them would silently fight the SDK. */
  static final Set<String> RESERVED_KEYS =
      Set.of("operation", "result", "error_type", "service", "env", "le", "quantile");

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final int MAX_CACHED_KEYS = 10_000;

  private final List<O11yConvention> conventions;
  private final List<String> tagKeys;
  private final KeyVerdicts allowed = new KeyVerdicts(MAX_CACHED_KEYS, this::decideAllowsKey);

  public Conventions(List<O11yConvention> conventions) {
    this.conventions = List.copyOf(conventions);
    Set<String> keys = new LinkedHashSet<>();
    for (O11yConvention convention : this.conventions) {
      for (String key : convention.tagKeys()) {
        if (key == null || !LABEL_NAME.matcher(key).matches() || RESERVED_KEYS.contains(key)) {
          throw new O11yConfigurationException(
              "O11yConvention "
                  + convention.getClass().getName()
                  + " declares tag key '"
                  + key
                  + "': keys must match [a-zA-Z_][a-zA-Z0-9_]* and not be one of "
                  + RESERVED_KEYS);
        }
        keys.add(key);
      }
    }
    this.tagKeys = List.copyOf(keys);
  }

  public static Conventions none() {
    return new Conventions(List.of());
  }

  /** Each convention sees the name the previous one produced. */
  public String operationName(OperationDescriptor operation) {
    OperationDescriptor current = operation;
    for (O11yConvention convention : conventions) {
      String renamed = convention.operationName(current);
      if (renamed == null || renamed.isBlank()) {
        throw new O11yConfigurationException(
            "O11yConvention " + convention.getClass().getName() + " renamed '" + current.name()
                + "' to a blank name");
      }
      current = new OperationDescriptor(renamed, current.type(), current.method(), current.objective());
    }
    return current.name();
  }

  /** Label/attribute keys added to every operation, in a fixed order. */
  public List<String> tagKeys() {
    return tagKeys;
  }

  /** Values for {@link #tagKeys()}; a key no convention answers becomes {@code "none"}. */
  public Map<String, String> tags(OperationDescriptor operation) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String key : tagKeys) {
      String value = null;
      for (O11yConvention convention : conventions) {
        String candidate = convention.tagValue(key, operation);
        if (candidate != null) {
          value = candidate;
        }
      }
      if (allowsKey(key)) {
        tags.put(key, value == null || value.isEmpty() ? "none" : value);
      }
    }
    return tags;
  }

  public boolean allowsKey(String key) {
    // every MDC key of every log line asks: with no convention registered, skip the verdict cache
    return conventions.isEmpty() || allowed.test(key);
  }

  private boolean decideAllowsKey(String key) {
    boolean allowed = true;
    for (O11yConvention convention : conventions) {
      allowed &= convention.allowsKey(key);
    }
    return allowed;
  }

  public double[] durationBuckets(OperationDescriptor operation, double[] defaults) {
    double[] buckets = defaults.clone();
    for (O11yConvention convention : conventions) {
      buckets = convention.durationBuckets(operation, buckets.clone());
    }
    return buckets;
  }

  public List<O11yConvention> asList() {
    return new ArrayList<>(conventions);
  }
}
