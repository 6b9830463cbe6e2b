package io.shardgate.ittests.compat;

import com.mysql.cj.NativeSession;
import com.mysql.cj.jdbc.JdbcConnection;
import java.io.IOException;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import javax.net.ssl.SSLSocket;

/**
 * Whether Connector/J's socket really is TLS. A query cannot tell: {@code Ssl_cipher} is the backend
 * connection's, not the client's, through a proxy.
 */
final class TlsProbe {

    private TlsProbe() {
    }

    /** The negotiated cipher suite, or "" for a plain socket. */
    static String cipherOf(Connection connection) throws SQLException, IOException {
        NativeSession session = (NativeSession) connection.unwrap(JdbcConnection.class).getSession();
        Socket socket = session.getProtocol().getSocketConnection().getMysqlSocket();
        return socket instanceof SSLSocket ssl ? ssl.getSession().getCipherSuite() : "";
    }
}
