package dev.o11y.sdk.internal.metrics;

import dev.o11y.sdk.internal.Conventions;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/** Removes labels that a convention denies, from every meter in the registry. */
public final class DeniedKeysMeterFilter implements MeterFilter {

  private final Conventions conventions;

  public DeniedKeysMeterFilter(Conventions conventions) {
    this.conventions = conventions;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    List<Tag> kept = null;
    List<Tag> tags = id.getTags();
    for (int i = 0; i < tags.size(); i++) {
      Tag tag = tags.get(i);
      if (!conventions.allowsKey(tag.getKey())) {
        if (kept == null) {
          kept = new ArrayList<>(tags.subList(0, i));
        }
      } else if (kept != null) {
        kept.add(tag);
      }
    }
    return kept == null ? id : id.replaceTags(kept);
  }
}
