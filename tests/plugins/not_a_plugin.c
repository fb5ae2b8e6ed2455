/* A shared object that is not a steward plugin: it exports a function, but no entry point. */
int not_a_plugin_answer(void);
int not_a_plugin_answer(void)
{
    return 42;
}
