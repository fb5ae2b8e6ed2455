/* placeholder so the module library has a source until its first file lands */
typedef int steward_near_placeholder;
