package io.cinemix.adapter.omdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body into bytes, but gives up (cancelling the stream) as soon as it is known to be larger than
 * the cap: from a declared {@code Content-Length}, or while chunks arrive.
 */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final int maxBytes;
    private final long declaredLength;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    CappedBodySubscriber(int maxBytes, long declaredLength) {
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
    }

    static HttpResponse.BodyHandler<byte[]> handler(int maxBytes) {
        return info -> new CappedBodySubscriber(maxBytes,
                info.headers().firstValueAsLong("Content-Length").orElse(-1L));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredLength > maxBytes) {
            tooLarge();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int n = item.remaining();
            if ((long) buffer.size() + n > maxBytes) {
                tooLarge();
                return;
            }
            byte[] chunk = new byte[n];
            item.get(chunk);
            buffer.write(chunk, 0, n);
        }
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(buffer.toByteArray());
    }

    private void tooLarge() {
        subscription.cancel();
        body.completeExceptionally(new BodyTooLargeException(maxBytes));
    }

    /** The body was larger than the cap. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(int maxBytes) {
            super("response body larger than " + maxBytes + " bytes");
        }
    }
}
