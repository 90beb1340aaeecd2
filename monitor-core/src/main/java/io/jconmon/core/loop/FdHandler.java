package io.jconmon.core.loop;

/** Reacts to readiness of one fd registered with the {@link EventLoop}. */
@FunctionalInterface
public interface FdHandler {
    /**
     * Called on the loop thread when the fd is ready.
     *
     * @param events the epoll event mask (EPOLLIN, EPOLLOUT, EPOLLHUP, EPOLLERR, ...)
     */
    void onReady(int events) throws Exception;
}
