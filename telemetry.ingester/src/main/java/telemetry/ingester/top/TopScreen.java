package telemetry.ingester.top;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;
import telemetry.ingester.top.Stats.Group;
import telemetry.ingester.top.ViewState.View;

/**
 * The thin terminal layer of {@code top} (after JLine's {@code TTop}): raw mode and the alternate
 * screen, a {@link KeyMap} of operations read by a {@link BindingReader}, a {@link Display} that
 * rewrites only what changed, a WINCH handler for resizes. The terminal is put back as it was on
 * every way out: {@code q}/Esc, Ctrl-C, an exception, or SIGTERM/SIGHUP (shutdown hook).
 */
public final class TopScreen {

    /** What keys do. */
    enum Op {
        QUIT,
        ESCAPE,
        HELP,
        PAUSE,
        GROUP,
        WINDOW,
        SORT_LEFT,
        SORT_RIGHT,
        REVERSE,
        SEARCH,
        SLOW_STATE,
        PHASE_BACK,
        PHASE_NEXT,
        UP,
        DOWN,
        PAGE_UP,
        PAGE_DOWN,
        HOME,
        REDRAW,
        VIEW_OVERVIEW,
        VIEW_PROCESSES,
        VIEW_WORKERS,
        VIEW_LATENCY,
        VIEW_SLOW,
        VIEW_LIFECYCLE,
        VIEW_GC,
        NONE
    }

    /** How often the loop looks for new data or a resize when no key comes (ms). */
    private static final long TICK_MS = 200;

    private final Terminal terminal;
    private final Renderer renderer;
    private final LiveFeed feed;
    private final ViewState view = new ViewState();
    private volatile boolean resized;
    private volatile boolean quit;

    private TopScreen(Terminal terminal, Renderer renderer, LiveFeed feed) {
        this.terminal = terminal;
        this.renderer = renderer;
        this.feed = feed;
    }

    /**
     * Runs the monitor in the terminal this process was started in until {@code q}. Returns 0, or
     * 1 (with a message) when there is no terminal to run in.
     */
    public static int run(URI uri, Palette palette, PrintStream err) throws IOException {
        if (System.console() == null) {
            err.println("telemetry-ingester: top: the interactive monitor needs a terminal on stdin and stdout"
                    + " (use top --once for plain text)");
            return 1;
        }
        Logger.getLogger("org.jline").setLevel(Level.OFF);
        Terminal terminal = TerminalBuilder.builder()
                .system(true)
                .dumb(false)
                .nativeSignals(true)
                .build();
        Attributes cooked = terminal.enterRawMode();
        AtomicBoolean restored = new AtomicBoolean();
        Runnable restore = () -> {
            if (restored.compareAndSet(false, true)) {
                terminal.puts(Capability.exit_ca_mode);
                terminal.puts(Capability.keypad_local);
                terminal.puts(Capability.cursor_visible);
                terminal.flush();
                terminal.setAttributes(cooked);
            }
        };
        Thread hook = new Thread(restore, "top-restore-terminal");
        Runtime.getRuntime().addShutdownHook(hook);
        TopScreen screen = null;
        try (LiveFeed feed = new LiveFeed(uri, () -> {})) {
            screen = new TopScreen(terminal, new Renderer(palette, ZoneId.systemDefault()), feed);
            feed.start();
            screen.loop();
            return 0;
        } finally {
            restore.run();
            terminal.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway and finds the terminal restored
            }
        }
    }

    private void loop() throws IOException {
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        terminal.handle(Terminal.Signal.WINCH, s -> resized = true);
        terminal.handle(Terminal.Signal.INT, s -> quit = true);
        KeyMap<Op> keys = keys();
        BindingReader reader = new BindingReader(terminal.reader());
        Display display = new Display(terminal, true);
        Size size = terminal.getSize();
        display.resize(size.getRows(), size.getColumns());
        TopState frozen = null;
        long frozenClock = 0;
        TopState drawn = null;
        long drawnSecond = -1;
        boolean dirty = true;
        while (!quit) {
            if (resized) {
                resized = false;
                size = terminal.getSize();
                display.clear();
                display.resize(size.getRows(), size.getColumns());
                dirty = true;
            }
            boolean paused = frozen != null;
            TopState state = paused ? frozen : feed.latest();
            long clock = paused ? frozenClock : System.currentTimeMillis();
            boolean ageShown = !paused && !state.connected() && state.hasData();
            if (dirty || state != drawn || ageShown && clock / 1000 != drawnSecond) {
                List<AttributedString> lines =
                        renderer.render(state, view, size.getColumns(), size.getRows(), clock, paused);
                display.update(lines, -1);
                terminal.flush();
                drawn = state;
                drawnSecond = clock / 1000;
                dirty = false;
            }
            int c = reader.peekCharacter(TICK_MS);
            if (c == NonBlockingReader.READ_EXPIRED) {
                continue;
            }
            if (c == NonBlockingReader.EOF) {
                break;
            }
            dirty = true;
            if (view.editing()) {
                view.type(reader.readCharacter());
                continue;
            }
            Op op = reader.readBinding(keys, null, false);
            if (op == null) {
                continue;
            }
            switch (op) {
                case QUIT -> quit = true;
                case ESCAPE -> {
                    if (view.help()) {
                        view.closeHelp();
                    } else {
                        quit = true;
                    }
                }
                case HELP -> view.toggleHelp();
                case PAUSE -> {
                    if (frozen == null) {
                        frozen = feed.latest();
                        frozenClock = System.currentTimeMillis();
                    } else {
                        frozen = null;
                    }
                }
                case GROUP -> view.nextGroup(groupNames(paused ? frozen : feed.latest()));
                case WINDOW -> view.nextWindow();
                case SORT_LEFT, SORT_RIGHT, REVERSE -> {
                    int[] shape = renderer.sortShape(view.view());
                    if (shape[0] > 0 && op == Op.REVERSE) {
                        view.reverse(shape[2] == 1);
                    } else if (shape[0] > 0) {
                        view.moveSort(op == Op.SORT_LEFT ? -1 : 1, shape[1], shape[0]);
                    }
                }
                case SEARCH -> {
                    view.show(View.SLOW);
                    view.startSearch();
                }
                case SLOW_STATE -> view.nextSlowFilter();
                case PHASE_BACK -> view.movePhase(-1);
                case PHASE_NEXT -> view.movePhase(1);
                case UP -> view.scroll(-1);
                case DOWN -> view.scroll(1);
                case PAGE_UP -> view.scroll(-(size.getRows() - 10));
                case PAGE_DOWN -> view.scroll(size.getRows() - 10);
                case HOME -> view.scrollHome();
                case REDRAW -> display.clear();
                case VIEW_OVERVIEW -> view.show(View.OVERVIEW);
                case VIEW_PROCESSES -> view.show(View.PROCESSES);
                case VIEW_WORKERS -> view.show(View.WORKERS);
                case VIEW_LATENCY -> view.show(View.LATENCY);
                case VIEW_SLOW -> view.show(View.SLOW);
                case VIEW_LIFECYCLE -> view.show(View.LIFECYCLE);
                case VIEW_GC -> view.show(View.GC);
                case NONE -> dirty = false;
            }
        }
    }

    private static List<String> groupNames(TopState s) {
        List<String> names = new ArrayList<>();
        for (Group g : s.groups()) {
            names.add(g.name());
        }
        return names;
    }

    private KeyMap<Op> keys() {
        KeyMap<Op> k = new KeyMap<>();
        k.bind(Op.QUIT, "q", "Q", KeyMap.ctrl('C'));
        k.bind(Op.ESCAPE, KeyMap.esc());
        k.bind(Op.HELP, "?", "h");
        k.bind(Op.PAUSE, " ");
        k.bind(Op.GROUP, "f");
        k.bind(Op.WINDOW, "t");
        k.bind(Op.SORT_LEFT, "<");
        k.bind(Op.SORT_RIGHT, ">");
        k.bind(Op.REVERSE, "r");
        k.bind(Op.SEARCH, "/");
        k.bind(Op.SLOW_STATE, "a");
        k.bind(Op.PHASE_BACK, "[");
        k.bind(Op.PHASE_NEXT, "]");
        k.bind(Op.UP, key(Capability.key_up), "k");
        k.bind(Op.DOWN, key(Capability.key_down), "j");
        k.bind(Op.PAGE_UP, key(Capability.key_ppage));
        k.bind(Op.PAGE_DOWN, key(Capability.key_npage));
        k.bind(Op.HOME, key(Capability.key_home));
        k.bind(Op.REDRAW, KeyMap.ctrl('L'));
        Op[] views = {
            Op.VIEW_OVERVIEW,
            Op.VIEW_PROCESSES,
            Op.VIEW_WORKERS,
            Op.VIEW_LATENCY,
            Op.VIEW_SLOW,
            Op.VIEW_LIFECYCLE,
            Op.VIEW_GC
        };
        for (View v : View.values()) {
            k.bind(views[v.ordinal()], String.valueOf(v.key), String.valueOf(v.digit()));
        }
        k.setNomatch(Op.NONE);
        k.setAmbiguousTimeout(100);
        return k;
    }

    private String key(Capability c) {
        String s = KeyMap.key(terminal, c);
        return s == null || s.isEmpty() ? "\u0000" + c.name() : s;
    }
}
