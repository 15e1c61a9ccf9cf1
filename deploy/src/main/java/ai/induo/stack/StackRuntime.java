package ai.induo.stack;

/** Process-wide set-up shared by the stack's main classes. */
final class StackRuntime {

    /** log4j2 configuration on the stack classpath: quiet console logging to stdout. */
    static final String LOG_CONFIGURATION = "induo-stack-log4j2.properties";

    private static final String LOG_CONFIGURATION_PROPERTY = "log4j2.configurationFile";

    private StackRuntime() {
    }

    /** Points log4j2 at the stack's configuration unless the command line chose another one. */
    static void useStackLogging() {
        if (System.getProperty(LOG_CONFIGURATION_PROPERTY) == null) {
            System.setProperty(LOG_CONFIGURATION_PROPERTY, LOG_CONFIGURATION);
        }
    }

    /** Ends this process (running its shutdown hooks) once the process {@code parentPid} has ended. */
    static void exitWhenParentEnds(long parentPid) {
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    System.err.println("parent process " + parentPid + " ended; stopping");
                    System.exit(0);
                }),
                () -> {
                    System.err.println("parent process " + parentPid + " is not running; stopping");
                    System.exit(0);
                });
    }
}
