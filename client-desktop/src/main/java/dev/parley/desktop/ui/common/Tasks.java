package dev.parley.desktop.ui.common;

import dev.parley.desktop.core.ClientException;
import javafx.application.Platform;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Runs core calls off the FX thread and hands their results back on it. ViewModels get one of these
 * instead of touching threads, so tests can pass executors they control.
 */
public final class Tasks {
    private static final System.Logger LOG = System.getLogger(Tasks.class.getName());

    private final Executor background;
    private final Executor ui;

    public Tasks(Executor background, Executor ui) {
        this.background = Objects.requireNonNull(background, "background");
        this.ui = Objects.requireNonNull(ui, "ui");
    }

    /** Background work on {@code background}, results published with {@link Platform#runLater}. */
    public static Tasks onFxThread(Executor background) {
        return new Tasks(background, Platform::runLater);
    }

    public <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<String> onFailure) {
        try {
            background.execute(() -> work(work, onSuccess, onFailure));
        } catch (RejectedExecutionException e) {
            // The app is shutting down; events still queued on the FX thread ask for work no one needs.
            LOG.log(System.Logger.Level.DEBUG, "Dropped work after shutdown");
        }
    }

    private <T> void work(Callable<T> work, Consumer<? super T> onSuccess, Consumer<String> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            String message = humanMessage(e);
            ui.execute(() -> onFailure.accept(message));
            return;
        }
        ui.execute(() -> onSuccess.accept(result));
    }

    public void run(ThrowingRunnable work, Runnable onSuccess, Consumer<String> onFailure) {
        run(() -> {
            work.run();
            return Boolean.TRUE;
        }, ignored -> onSuccess.run(), onFailure);
    }

    /** Work whose failure only needs logging (drafts, typing notifications). */
    public void fireAndForget(ThrowingRunnable work) {
        run(work, () -> { }, message -> LOG.log(System.Logger.Level.WARNING, message));
    }

    /** Runs on the UI side (the FX thread in the app). */
    public void onUi(Runnable action) {
        ui.execute(action);
    }

    public static String humanMessage(Throwable e) {
        if (e instanceof ClientException ce) {
            return ce.getMessage();
        }
        LOG.log(System.Logger.Level.ERROR, "Unexpected failure", e);
        return "Something went wrong: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
