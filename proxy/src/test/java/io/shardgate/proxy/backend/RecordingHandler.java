package io.shardgate.proxy.backend;

import io.netty.buffer.ByteBufUtil;
import io.shardgate.proxy.protocol.MysqlPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Test handler: keeps each packet's kind and payload bytes, releases the packet. */
class RecordingHandler implements ResponseHandler {

    final List<PacketKind> kinds = new ArrayList<>();
    final List<byte[]> payloads = new ArrayList<>();
    final CompletableFuture<Integer> done = new CompletableFuture<>();

    @Override
    public void onPacket(MysqlPacket packet, PacketKind kind) {
        kinds.add(kind);
        payloads.add(ByteBufUtil.getBytes(packet.payload()));
        packet.release();
    }

    @Override
    public void onComplete(int serverStatus) {
        done.complete(serverStatus);
    }

    @Override
    public void onFailure(Throwable cause) {
        done.completeExceptionally(cause);
    }

    byte[] payload(PacketKind kind, int occurrence) {
        int seen = 0;
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i) == kind && seen++ == occurrence) {
                return payloads.get(i);
            }
        }
        throw new AssertionError("no " + kind + " #" + occurrence + " in " + kinds);
    }
}
