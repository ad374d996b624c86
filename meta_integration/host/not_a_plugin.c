/* A shared library with none of the plugin's functions, for the adapter's load tests. */
int not_a_plugin_answer(void) { return 42; }
