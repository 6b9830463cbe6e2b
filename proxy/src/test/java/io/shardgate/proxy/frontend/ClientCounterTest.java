package io.shardgate.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.shardgate.config.Secret;
import io.shardgate.config.UserConfig;
import io.shardgate.proxy.protocol.ErrPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientCounterTest {

    private final ClientCounter counter = new ClientCounter();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final UserConfig app = user("app", 2);
    private final UserConfig report = user("report", UserConfig.NO_LIMIT);

    private static UserConfig user(String name, int max) {
        return new UserConfig(name, new Secret("pw"), List.of(), false, max, false);
    }

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        return ch;
    }

    @Test
    void aUserPastItsLimitGets1203() {
        assertThat(counter.admit(channel(), app, 100)).isNull();
        assertThat(counter.admit(channel(), app, 100)).isNull();
        ErrPacket err = counter.admit(channel(), app, 100);
        assertThat(err.errorCode()).isEqualTo(1203);
        assertThat(err.sqlState()).isEqualTo("42000");
        assertThat(err.message()).isEqualTo("User app already has more than 'max_user_connections' active connections");
        assertThat(counter.total()).isEqualTo(2);
        assertThat(counter.admit(channel(), report, 100)).as("other users are not affected").isNull();
    }

    @Test
    void pastTheGlobalLimitEveryoneGets1040() {
        assertThat(counter.admit(channel(), report, 2)).isNull();
        assertThat(counter.admit(channel(), app, 2)).isNull();
        ErrPacket err = counter.admit(channel(), app, 2);
        assertThat(err.errorCode()).isEqualTo(1040);
        assertThat(err.sqlState()).isEqualTo("08004");
        assertThat(counter.total()).isEqualTo(2);
        assertThat(counter.of("app")).isEqualTo(1);
    }

    @Test
    void closingAChannelFreesItsPlace() {
        EmbeddedChannel a = channel();
        counter.admit(a, app, 10);
        counter.admit(channel(), app, 10);
        a.close();
        assertThat(counter.total()).isEqualTo(1);
        assertThat(counter.of("app")).isEqualTo(1);
        assertThat(counter.admit(channel(), app, 10)).isNull();
    }

    @Test
    void changeUserMovesTheConnectionToTheOtherUsersCount() {
        EmbeddedChannel a = channel();
        counter.admit(a, report, 10);
        counter.admit(channel(), app, 10);
        counter.admit(channel(), app, 10);
        assertThat(counter.switchUser(a, app).errorCode()).isEqualTo(1203);
        assertThat(counter.of("report")).isEqualTo(1);
        UserConfig other = user("other", 1);
        assertThat(counter.switchUser(a, other)).isNull();
        assertThat(counter.of("report")).isZero();
        assertThat(counter.of("other")).isEqualTo(1);
        a.close();
        assertThat(counter.of("other")).isZero();
        assertThat(counter.total()).isEqualTo(2);
    }
}
