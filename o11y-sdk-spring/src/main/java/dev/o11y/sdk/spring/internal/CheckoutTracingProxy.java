package dev.o11y.sdk.spring.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * The traced DataSource bean as a subclass of the application's own pool class: Boot's DataSource
 * bean method returns {@code HikariDataSource}, and an interface wrapper in its place fails
 * {@code @Autowired HikariDataSource} at startup. Only the connection checkouts go through {@link
 * UnsampledTraceBypassingDataSource}; every other method (the pool's MXBean, {@code close},
 * settings) is the pool's own, called on the pool.
 */
final class CheckoutTracingProxy implements MethodInterceptor {

  /**
   * Only checkouts. {@code unwrap(HikariDataSource.class)} needs nothing: the pool returns itself,
   * and a Spring proxy hands back itself for a target returning itself, so the caller gets this
   * proxy, checkouts still traced, rather than the bare pool.
   */
  private static final StaticMethodMatcherPointcut CHECKOUTS = new StaticMethodMatcherPointcut() {
    @Override
    public boolean matches(Method method, Class<?> targetClass) {
      return method.getName().equals("getConnection")
          && (method.getParameterCount() == 0
              || Arrays.equals(method.getParameterTypes(), new Class<?>[] {String.class, String.class}));
    }
  };

  private final UnsampledTraceBypassingDataSource traced;

  private CheckoutTracingProxy(UnsampledTraceBypassingDataSource traced) {
    this.traced = traced;
  }

  /**
   * {@code pool} proxied by class, or {@code traced} itself (an interface wrapper, as before) when
   * its class cannot be: a final class, or one whose final methods would run on the proxy's own,
   * never-initialised fields instead of the pool's.
   */
  static DataSource of(DataSource pool, UnsampledTraceBypassingDataSource traced, ClassLoader classLoader) {
    try {
      if (!subclassable(pool.getClass())) {
        return traced;
      }
      ProxyFactory factory = new ProxyFactory(pool);
      factory.setProxyTargetClass(true);
      factory.addAdvisor(new DefaultPointcutAdvisor(CHECKOUTS, new CheckoutTracingProxy(traced)));
      factory.setFrozen(true); // the pool's other methods are then dispatched straight to it
      return (DataSource) factory.getProxy(classLoader);
    } catch (RuntimeException | LinkageError e) {
      return traced; // a class CGLIB cannot subclass after all: the application must still start
    }
  }

  static boolean isProxy(Object bean) {
    return bean instanceof Advised advised
        && Arrays.stream(advised.getAdvisors()).anyMatch(a -> a.getAdvice() instanceof CheckoutTracingProxy);
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    Object[] args = invocation.getArguments();
    return args.length == 0 ? traced.getConnection() : traced.getConnection((String) args[0], (String) args[1]);
  }

  private static boolean subclassable(Class<?> type) {
    if (Modifier.isFinal(type.getModifiers())) {
      return false;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method method : c.getDeclaredMethods()) {
        int modifiers = method.getModifiers();
        if (Modifier.isFinal(modifiers) && !Modifier.isStatic(modifiers) && !Modifier.isPrivate(modifiers)) {
          return false;
        }
      }
    }
    return true;
  }
}
