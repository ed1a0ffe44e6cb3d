package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.MonitoredMethods;
import java.lang.reflect.Method;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;

/**
 * Matches {@code @Monitored} methods (on the method, its interface, or the type) so Spring's
 * infrastructure auto-proxy creator proxies those beans: no AspectJ starter, no extra annotation.
 */
public final class MonitoredAdvisor extends AbstractPointcutAdvisor {

  /**
   * Outside the advice left at the lowest precedence (transactions by default, caching) and retry or
   * resilience advice, which libraries order at most a few steps above it. Without an order, ties
   * follow bean registration, and a transaction wrapping the monitored call hides a failing commit
   * (a deferred constraint, a JPA flush) behind result="ok" and leaves the commit out of the
   * duration. 1000 steps leave room for advice that must sit inside; method security's and
   * {@code @Async}'s are further out already. {@code o11y.monitored.advisor-order} overrides it.
   */
  private static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

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
    setOrder(DEFAULT_ORDER);
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
