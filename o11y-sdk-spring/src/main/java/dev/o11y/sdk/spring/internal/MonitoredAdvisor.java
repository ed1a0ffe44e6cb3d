package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.MonitoredMethods;
import java.lang.reflect.Method;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Matches {@code @Monitored} methods (on the method, its interface, or the type) so Spring's
 * infrastructure auto-proxy creator proxies those beans: no AspectJ starter, no extra annotation.
 */
public final class MonitoredAdvisor extends AbstractPointcutAdvisor {

  private static final long serialVersionUID = 1L;

  private final transient MonitoredMethodInterceptor interceptor;
  private final transient Pointcut pointcut = new StaticMethodMatcherPointcut() {
    @Override
    public boolean matches(Method method, Class<?> targetClass) {
      return MonitoredMethods.find(method, targetClass) != null;
    }
  };

  public MonitoredAdvisor(ObjectProvider<O11y> o11y) {
    this.interceptor = new MonitoredMethodInterceptor(o11y);
  }

  @Override
  public Pointcut getPointcut() {
    return pointcut;
  }

  @Override
  public org.aopalliance.aop.Advice getAdvice() {
    return interceptor;
  }
}
