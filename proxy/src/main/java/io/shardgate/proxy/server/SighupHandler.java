package io.shardgate.proxy.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reload on SIGHUP, the Unix habit. {@code sun.misc.Signal} is the only JDK way to catch it; reached by
 * reflection so the build stays free of "internal proprietary API" warnings, and skipped with a log line on
 * JVMs without it.
 */
final class SighupHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SighupHandler.class);

    private SighupHandler() {
    }

    static void install(Runnable onHup) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
            InvocationHandler h = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    LOG.info("SIGHUP: reloading the config");
                    Thread.ofVirtual().start(onHup);
                }
                return null;
            };
            Object handler = Proxy.newProxyInstance(SighupHandler.class.getClassLoader(), new Class<?>[] {handlerClass}, h);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("SIGHUP reload unavailable on this JVM ({}); the file watcher still reloads on change", e.toString());
        }
    }
}
