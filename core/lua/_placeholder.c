/* placeholder so the module configures; removed once the module has sources */
