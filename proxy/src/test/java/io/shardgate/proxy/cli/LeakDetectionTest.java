package io.shardgate.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeakDetectionTest {

    private String property;
    private Level level;

    @BeforeEach
    void remember() {
        property = System.getProperty(ServeCommand.LEAK_DETECTION);
        level = ResourceLeakDetector.getLevel();
    }

    @AfterEach
    void restore() {
        if (property == null) {
            System.clearProperty(ServeCommand.LEAK_DETECTION);
        } else {
            System.setProperty(ServeCommand.LEAK_DETECTION, property);
        }
        ResourceLeakDetector.setLevel(level);
    }

    @Test
    void offWhenNotAskedFor() {
        System.clearProperty(ServeCommand.LEAK_DETECTION);
        ResourceLeakDetector.setLevel(Level.SIMPLE);

        ServeCommand.leakDetectionOffUnlessAsked();

        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.DISABLED);
    }

    @Test
    void anExplicitLevelIsKept() {
        System.setProperty(ServeCommand.LEAK_DETECTION, "paranoid");
        ResourceLeakDetector.setLevel(Level.PARANOID);

        ServeCommand.leakDetectionOffUnlessAsked();

        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.PARANOID);
    }
}
