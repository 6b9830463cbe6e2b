/**
 * The MySQL client/server protocol, shared by the front end (shardgate as a server) and the
 * backend client (shardgate as a client).
 *
 * <p>Framing ({@link io.shardgate.proxy.protocol.PacketDecoder},
 * {@link io.shardgate.proxy.protocol.PacketEncoder}) turns bytes into
 * {@link io.shardgate.proxy.protocol.MysqlPacket}s and knows nothing of their meaning. Each packet
 * type is then a record with the same conventions:
 * <ul>
 *   <li>{@code static decode(ByteBuf payload, ...)} reads a whole payload without moving the
 *       caller's reader index (it reads a duplicate), so a packet can be inspected and then
 *       forwarded as is; it throws {@link io.shardgate.proxy.protocol.MalformedPacketException}
 *       naming the packet and field when the bytes do not fit;</li>
 *   <li>{@code encode(ByteBuf out, ...)} appends the payload (no packet header) to {@code out};</li>
 *   <li>layouts that depend on capability flags take the negotiated flags as an argument.</li>
 * </ul>
 * Strings in the protocol's own fields (names, messages) are UTF-8: the proxy always negotiates
 * utf8mb4.
 */
package io.shardgate.proxy.protocol;
