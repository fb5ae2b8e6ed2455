/* placeholder so the module configures; replaced by the module's sources */
