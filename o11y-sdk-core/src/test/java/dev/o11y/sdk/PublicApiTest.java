package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What an application sees of the SDK: nothing from an {@code internal} package. */
class PublicApiTest {

  private static final List<Class<?>> API = List.of(
      O11y.class, O11y.Builder.class, O11yConvention.class, OperationDescriptor.class,
      ServiceLevelObjective.class, InterceptionProblem.class, O11yConfigurationException.class,
      Monitored.class, Slo.class);

  @Test
  void noPublicSignatureMentionsAnInternalType() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : API) {
      for (Method method : type.getMethods()) {
        if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
          continue;
        }
        Stream.concat(Stream.of(method.getGenericReturnType()), Stream.of(method.getGenericParameterTypes()))
            .map(Type::getTypeName)
            .filter(name -> name.contains(".internal."))
            .forEach(name -> leaks.add(type.getSimpleName() + "." + method.getName() + " uses " + name));
      }
    }
    assertThat(leaks).isEmpty();
  }
}
