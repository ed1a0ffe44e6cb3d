package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.Monitored;
import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.InterceptionReport;
import dev.o11y.sdk.internal.MonitoredMethods;
import dev.o11y.sdk.internal.SdkInternals;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.aop.Advisor;
import org.springframework.aop.MethodMatcher;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds, once at startup, {@code @Monitored} methods Spring AOP can never intercept and reports
 * them through the core's report: private, static or final methods, final classes, calls through
 * {@code this} (self-invocation skips the proxy), and classes that are not beans at all. And
 * resolves the operation of every method the SDK's advice intercepts on a singleton, so that a
 * configuration error in it (two methods declaring one operation with different {@code @Slo}s, an
 * invalid {@code @Slo}) fails the context's refresh instead of reaching a call.
 */
public final class InterceptionScanner implements SmartInitializingSingleton {

  private final ConfigurableListableBeanFactory beanFactory;
  private final O11y o11y;

  public InterceptionScanner(ConfigurableListableBeanFactory beanFactory, O11y o11y) {
    this.beanFactory = beanFactory;
    this.o11y = o11y;
  }

  @Override
  public void afterSingletonsInstantiated() {
    resolveAdvisedOperations();
    InterceptionReport report = SdkInternals.interceptionReport(o11y);
    Set<Class<?>> beanClasses = new HashSet<>();
    for (String name : beanFactory.getBeanDefinitionNames()) {
      Class<?> type = beanFactory.getType(name, false);
      if (type != null && !type.getName().startsWith("org.springframework.")) {
        beanClasses.add(ClassUtils.getUserClass(type));
      }
    }
    for (Class<?> type : beanClasses) {
      if (isMonitored(type)) {
        checkBean(type, report);
      }
    }
    reportNonBeans(beanClasses, report);
  }

  /**
   * The methods are those the advice would meet: a JDK proxy's interfaces' methods, or the
   * overridable methods of a class-based proxy's target class, that the advisor's pointcut matches.
   * Beans made after startup (lazy, prototype, scoped) are resolved at their first call instead.
   */
  private void resolveAdvisedOperations() {
    for (String name : beanFactory.getSingletonNames()) {
      if (beanFactory.getSingleton(name) instanceof Advised proxy) {
        resolveOperations(proxy);
      }
    }
  }

  private void resolveOperations(Advised proxy) {
    MethodMatcher monitored = monitoredMatcher(proxy);
    if (monitored == null) {
      return;
    }
    Class<?> targetClass = AopUtils.getTargetClass(proxy);
    for (Method method : candidates(proxy, targetClass)) {
      if (monitored.matches(method, targetClass)) {
        SdkInternals.operations(o11y).resolve(MonitoredMethodInterceptor.declaration(method, targetClass));
      }
    }
  }

  private static MethodMatcher monitoredMatcher(Advised proxy) {
    for (Advisor advisor : proxy.getAdvisors()) {
      if (advisor instanceof MonitoredAdvisor monitored) {
        return monitored.getPointcut().getMethodMatcher();
      }
    }
    return null;
  }

  private static List<Method> candidates(Advised proxy, Class<?> targetClass) {
    if (AopUtils.isJdkDynamicProxy(proxy)) {
      return Arrays.stream(proxy.getProxiedInterfaces()).flatMap(i -> Arrays.stream(i.getMethods())).toList();
    }
    return Arrays.stream(ReflectionUtils.getUniqueDeclaredMethods(targetClass, ReflectionUtils.USER_DECLARED_METHODS))
        .filter(m -> (m.getModifiers() & (Modifier.PRIVATE | Modifier.STATIC | Modifier.FINAL)) == 0)
        .toList();
  }

  private static boolean isMonitored(Class<?> type) {
    if (type.isAnnotationPresent(Monitored.class)) {
      return true;
    }
    for (Method method : type.getDeclaredMethods()) {
      if (method.isAnnotationPresent(Monitored.class) || MonitoredMethods.find(method, type) != null) {
        return true;
      }
    }
    return false;
  }

  private static void checkBean(Class<?> type, InterceptionReport report) {
    Map<String, Method> monitored = new HashMap<>();
    for (Method method : type.getDeclaredMethods()) {
      if (method.isSynthetic() || method.isBridge()) {
        continue;
      }
      int modifiers = method.getModifiers();
      boolean annotated = method.isAnnotationPresent(Monitored.class);
      String where = MonitoredMethods.signature(type, method);
      if (annotated && Modifier.isPrivate(modifiers)) {
        report.add(where, "private method: Spring's proxy cannot see it; make it public on a bean");
      } else if (annotated && Modifier.isStatic(modifiers)) {
        report.add(where, "static method: no bean instance, so no proxy; use o11y.observe(..) inside it");
      } else if (MonitoredMethods.find(method, type) != null) {
        if (Modifier.isFinal(modifiers) || Modifier.isFinal(type.getModifiers())) {
          report.add(where, "final: the class-based proxy cannot override it; remove 'final'");
        }
        monitored.put(method.getName() + Type.descriptor(method), method);
      }
    }
    if (!monitored.isEmpty()) {
      for (SelfCall call : selfCalls(type, monitored.keySet())) {
        Method target = monitored.get(call.target());
        report.addMissedCalls(MonitoredMethods.signature(type, target),
            "self-invocation from " + type.getSimpleName() + "." + call.caller()
                + "(): a call through 'this' skips the proxy (calls from other beans are intercepted); "
                + "move it to another bean or inject the bean into itself");
      }
    }
  }

  private record SelfCall(String caller, String target) {}

  /** Reads the bytecode: calls whose owner is the class itself and whose target is monitored. */
  private static List<SelfCall> selfCalls(Class<?> type, Set<String> monitored) {
    String owner = type.getName().replace('.', '/');
    List<SelfCall> calls = new java.util.ArrayList<>();
    try (InputStream in = type.getClassLoader().getResourceAsStream(owner + ".class")) {
      if (in == null) {
        return calls;
      }
      new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
          String caller = name;
          return new MethodVisitor(Opcodes.ASM9) {
            @Override
            public void visitMethodInsn(int opcode, String callOwner, String callName, String callDescriptor,
                boolean isInterface) {
              String target = callName + callDescriptor;
              if (callOwner.equals(owner) && monitored.contains(target) && opcode != Opcodes.INVOKESTATIC
                  && !(caller + descriptor).equals(target)) {
                calls.add(new SelfCall(caller, target));
              }
            }
          };
        }
      }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    } catch (IOException | RuntimeException e) {
      // unreadable bytecode: the other checks still ran
    }
    return calls;
  }

  private void reportNonBeans(Set<Class<?>> beanClasses, InterceptionReport report) {
    if (!AutoConfigurationPackages.has((BeanFactory) beanFactory)) {
      return;
    }
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
      @Override
      protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
        return definition.getMetadata().isConcrete();
      }
    };
    scanner.addIncludeFilter((reader, factory) -> reader.getAnnotationMetadata().hasAnnotation(Monitored.class.getName())
        || reader.getAnnotationMetadata().hasAnnotatedMethods(Monitored.class.getName()));
    for (String basePackage : AutoConfigurationPackages.get(beanFactory)) {
      scanner.findCandidateComponents(basePackage).forEach(definition -> {
        String className = definition.getBeanClassName();
        if (beanClasses.stream().noneMatch(c -> c.getName().equals(className))) {
          report.add(className, "not a Spring bean, so never proxied; declare it as a bean or wrap it with o11y.instrument(..)");
        }
      });
    }
  }

  /** JVM method descriptors, to match reflection against bytecode. */
  private static final class Type {
    static String descriptor(Method method) {
      return org.springframework.asm.Type.getMethodDescriptor(method);
    }
  }
}
