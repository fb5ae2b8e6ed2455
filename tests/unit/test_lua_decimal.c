/* Unit tests of core/lua/decimal_lua.c: the `decimal` table a strategy sees. A sandbox runs a
 * script whose functions exercise every function of the table, the refusal of floats, the
 * error messages (function, argument number, shortened bad value) and the types of all results
 * (never a float). The error positions and the budgets are checked through sandbox_run. */
#include "check.h"
#include "lua/decimal_lua.h"

/* The script. `expect(got, want)` records a mismatch; `raises(want, f, ...)` calls f through
 * pcall and records a mismatch unless it fails with exactly the message want. Every entry
 * returns "ok" or the list of mismatches. */
static const char *script =
    "local fails = {}\n"
    "local function show(v) return type(v) == 'string' and ('\"' .. v .. '\"') or tostring(v) end\n"
    "local function expect(got, want, what)\n"
    "  if got ~= want or math.type(got) ~= math.type(want) then\n"
    "    fails[#fails + 1] = (what or '?') .. ': got ' .. show(got) .. ', want ' .. show(want)\n"
    "  end\n"
    "end\n"
    "local function raises(want, f, ...)\n"
    "  local ok, e = pcall(f, ...)\n"
    "  if ok then fails[#fails + 1] = 'no error, want: ' .. want\n"
    "  elseif e ~= want then fails[#fails + 1] = 'error: ' .. tostring(e) .. '\\n   want: ' .. want end\n"
    "end\n"
    "local function done()\n"
    "  local r = #fails == 0 and 'ok' or table.concat(fails, '\\n')\n"
    "  fails = {}\n"
    "  return r\n"
    "end\n"
    "local D -- set by each entry: the table is registered after the top level ran\n"
    "\n"
    "function arithmetic()\n"
    "  D = decimal\n"
    "  expect(D.add('1', '2'), '3', 'add')\n"
    "  expect(D.add('0.1', '0.2'), '0.3', 'add 0.1 0.2')\n"
    "  expect(D.add(1, 2), '3', 'add integers')\n"
    "  expect(D.add('0.1', 2), '2.1', 'add mixed')\n"
    "  expect(D.add(math.maxinteger, 1), '9223372036854775808', 'add past int64')\n"
    "  expect(D.add(math.mininteger, -1), '-9223372036854775809', 'add below int64')\n"
    "  expect(D.add('1.50', '-1.5'), '0', 'add to zero')\n"
    "  expect(D.sub('1', '1.000'), '0', 'sub')\n"
    "  expect(D.sub('-0.5', '0.5'), '-1', 'sub negative')\n"
    "  expect(D.sub(10, '0.001'), '9.999', 'sub borrow')\n"
    "  expect(D.mul('1.5', '1.5'), '2.25', 'mul')\n"
    "  expect(D.mul('-2', 3), '-6', 'mul sign')\n"
    "  expect(D.mul('2', '3', nil), '6', 'mul nil places')\n"
    "  expect(D.mul('1.25', '1', 1), '1.2', 'mul default rounding is down')\n"
    "  expect(D.mul('1.25', '1', 1, 'half_even'), '1.2', 'mul half_even')\n"
    "  expect(D.mul('1.25', '1', 1, 'half_up'), '1.3', 'mul half_up')\n"
    "  expect(D.mul('1.25', '1', 1, 'up'), '1.3', 'mul up')\n"
    "  expect(D.mul('-1.25', '1', 1, 'floor'), '-1.3', 'mul floor')\n"
    "  expect(D.mul('-1.25', '1', 1, 'ceil'), '-1.2', 'mul ceil')\n"
    "  expect(D.div('1', '3', 5), '0.33333', 'div')\n"
    "  expect(D.div('2', '3', 2), '0.66', 'div default rounding is down')\n"
    "  expect(D.div('2', '3', 5, 'half_up'), '0.66667', 'div half_up')\n"
    "  expect(D.div('-2', '3', 0, 'floor'), '-1', 'div floor')\n"
    "  expect(D.div('5', '2', 0, 'half_even'), '2', 'div half_even tie')\n"
    "  expect(D.div(7, 2, 0, 'half_even'), '4', 'div half_even tie up')\n"
    "  expect(D.div('1', '8', 2, 'half_up'), '0.13', 'div half_up tie')\n"
    "  expect(D.div('6', '-3', 3, 'up'), '-2', 'div exact')\n"
    "  expect(D.round('2.5', 0), '2', 'round default rounding is down')\n"
    "  expect(D.round('2.5', 0, 'half_even'), '2', 'round half_even')\n"
    "  expect(D.round('3.5', 0, 'half_even'), '4', 'round half_even up')\n"
    "  expect(D.round('-2.5', 0, 'half_up'), '-3', 'round half_up')\n"
    "  expect(D.round('-2.5', 0, 'floor'), '-3', 'round floor')\n"
    "  expect(D.round('-2.5', 0, 'ceil'), '-2', 'round ceil')\n"
    "  expect(D.round('2.567', 2, 'ceil'), '2.57', 'round places')\n"
    "  expect(D.round('123', 2, 'up'), '123', 'round nothing to do')\n"
    "  expect(D.round(-7, 0), '-7', 'round integer')\n"
    "  expect(D.round('0.000', 0), '0', 'round canonical')\n"
    "  return done()\n"
    "end\n"
    "\n"
    "function comparisons()\n"
    "  D = decimal\n"
    "  expect(D.cmp('1.50', '1.5'), 0, 'cmp equal')\n"
    "  expect(D.cmp('-1', '1'), -1, 'cmp less')\n"
    "  expect(D.cmp(2, '1.99'), 1, 'cmp greater')\n"
    "  expect(D.cmp('-0', 0), 0, 'cmp zero')\n"
    "  local rows = { {'1', '2'}, {'2', '2.0'}, {'3', 2} }\n"
    "  local want = { eq = {false, true, false}, lt = {true, false, false}, le = {true, true, false},\n"
    "                 gt = {false, false, true}, ge = {false, true, true} }\n"
    "  for name, w in pairs(want) do\n"
    "    for i, r in ipairs(rows) do expect(D[name](r[1], r[2]), w[i], name .. ' row ' .. i) end\n"
    "  end\n"
    "  expect(D.min('3', '-1', '2.5'), '-1', 'min')\n"
    "  expect(D.max('3', '-1', '2.5'), '3', 'max')\n"
    "  expect(D.min(5, '4.99'), '4.99', 'min mixed')\n"
    "  expect(D.max(5, '4.99'), '5', 'max integer result is a string')\n"
    "  expect(D.min('1.50'), '1.5', 'min of one, canonical')\n"
    "  expect(D.max('-0'), '0', 'max of one, canonical')\n"
    "  expect(D.min(table.unpack({'9','8','7','6','5','4','3','2','1','0','-1','-2'})), '-2', 'min of 12')\n"
    "  expect(D.abs('-0.5'), '0.5', 'abs')\n"
    "  expect(D.abs(-3), '3', 'abs integer')\n"
    "  expect(D.abs(math.mininteger), '9223372036854775808', 'abs mininteger')\n"
    "  expect(D.neg('0'), '0', 'neg zero')\n"
    "  expect(D.neg('-0'), '0', 'neg minus zero')\n"
    "  expect(D.neg(5), '-5', 'neg integer')\n"
    "  expect(D.neg('-1.10'), '1.1', 'neg canonical')\n"
    "  expect(D.sign('-0.001'), -1, 'sign negative')\n"
    "  expect(D.sign('0.000'), 0, 'sign zero')\n"
    "  expect(D.sign(3), 1, 'sign integer')\n"
    "  expect(D.is_zero('0.000'), true, 'is_zero')\n"
    "  expect(D.is_zero('-0'), true, 'is_zero minus zero')\n"
    "  expect(D.is_zero(0), true, 'is_zero integer')\n"
    "  expect(D.is_zero('0.1'), false, 'is_zero not')\n"
    "  local valid = { ['1.5'] = true, ['-0'] = true, ['007'] = true, ['1.'] = false, ['.5'] = false,\n"
    "                  ['1e5'] = false, [''] = false, ['+1'] = false, [' 1'] = false, ['0x10'] = false,\n"
    "                  [string.rep('9', 78)] = true, [string.rep('9', 79)] = false,\n"
    "                  ['0.' .. string.rep('1', 78)] = true, ['0.' .. string.rep('1', 79)] = false }\n"
    "  for s, w in pairs(valid) do expect(D.valid(s), w, 'valid ' .. s) end\n"
    "  expect(D.valid(5), true, 'valid integer')\n"
    "  expect(D.valid(1 << 62), true, 'valid big integer')\n"
    "  expect(D.valid(1.5), false, 'valid float')\n"
    "  expect(D.valid(2^53), false, 'valid integral float')\n"
    "  expect(D.valid(nil), false, 'valid nil')\n"
    "  expect(D.valid({}), false, 'valid table')\n"
    "  expect(D.valid(true), false, 'valid boolean')\n"
    "  expect(D.valid(), false, 'valid nothing')\n"
    "  expect(D.valid('1\\0'), false, 'valid embedded NUL')\n"
    "  return done()\n"
    "end\n"
    "\n"
    "function errors()\n"
    "  D = decimal\n"
    "  raises('decimal.add: argument #2 is a float (1.5); pass amounts as strings, e.g. \"1.5\"', D.add, '1', 1.5)\n"
    "  raises('decimal.sub: argument #1 is a float (2.0); pass amounts as strings, e.g. \"2\"', D.sub, 2.0, '1')\n"
    "  raises('decimal.mul: argument #1 is a float (0.1); pass amounts as strings, e.g. \"0.1\"', D.mul, 0.1, '3')\n"
    "  raises('decimal.cmp: argument #2 is a float (-0.5); pass amounts as strings, e.g. \"-0.5\"', D.cmp, 1, -0.5)\n"
    "  raises('decimal.add: argument #1 is a float (1e+300); pass amounts as strings', D.add, 1e300, '1')\n"
    "  raises('decimal.mul: argument #2 is a float (inf); pass amounts as strings', D.mul, '1', math.huge)\n"
    "  raises('decimal.max: argument #3 is a float (1.5); pass amounts as strings, e.g. \"1.5\"', D.max, '1', 2, 1.5)\n"
    "  raises('decimal.is_zero: argument #1 is a float (0.0); pass amounts as strings, e.g. \"0\"', D.is_zero, 0.0)\n"
    "  raises('decimal.add: argument #2 is not a decimal (\"12.3.4\"): more than one decimal point', D.add, '1', '12.3.4')\n"
    "  raises('decimal.add: argument #1 is not a decimal (\"11111111111111111111111111111111\"...): '\n"
    "         .. 'more than 78 digits before the decimal point', D.add, string.rep('1', 100) .. 'x', '1')\n"
    "  raises('decimal.lt: argument #1 is not a decimal (\"1\\\\x0a\"): spaces are not accepted', D.lt, '1\\n', '1')\n"
    "  raises('decimal.gt: argument #2 is not a decimal (\"1\\\\\"\"): unexpected character \\'\"\\' at offset 1', D.gt, '1', '1\"')\n"
    "  raises('decimal.abs: argument #1 is not a decimal (\"\"): empty string', D.abs, '')\n"
    "  raises('decimal.neg: argument #1 is not a decimal (\"1e5\"): exponents are not accepted (write all digits)', D.neg, '1e5')\n"
    "  raises('decimal.sign: argument #1 is not a decimal (\".5\"): a digit is needed before the decimal point (write \"0.5\", not \".5\")', D.sign, '.5')\n"
    "  raises('decimal.eq: argument #2 is not a decimal (\"+1\"): a leading \"+\" is not accepted', D.eq, '1', '+1')\n"
    "  raises('decimal.add: argument #2 is missing; pass a decimal string such as \"1.5\"', D.add, '1')\n"
    "  raises('decimal.add: argument #1 is nil; pass a decimal string such as \"1.5\"', D.add, nil, '1')\n"
    "  raises('decimal.le: argument #2 is a table; pass a decimal string such as \"1.5\"', D.le, '1', {})\n"
    "  raises('decimal.ge: argument #1 is a boolean; pass a decimal string such as \"1.5\"', D.ge, true, '1')\n"
    "  raises('decimal.add: expected at most 2 arguments, got 3', D.add, '1', '2', '3')\n"
    "  raises('decimal.abs: expected at most 1 argument, got 2', D.abs, '1', '2')\n"
    "  raises('decimal.div: division by zero', D.div, '1', '0.000', 2)\n"
    "  raises('decimal.div: argument #3 (places) must be an integer from 0 to 78, but is missing', D.div, '1', '3')\n"
    "  raises('decimal.div: argument #3 (places) must be an integer from 0 to 78, not the float 2.0', D.div, '1', '3', 2.0)\n"
    "  raises('decimal.div: argument #3 (places) must be an integer from 0 to 78, not 79', D.div, '1', '3', 79)\n"
    "  raises('decimal.round: argument #2 (places) must be an integer from 0 to 78, not -1', D.round, '1', -1)\n"
    "  raises('decimal.round: argument #2 (places) must be an integer from 0 to 78, but is a string', D.round, '1', '2')\n"
    "  raises('decimal.div: argument #4 (rounding) must be one of \"down\", \"up\", \"floor\", \"ceil\", \"half_up\", \"half_even\", not \"nearest\"',\n"
    "         D.div, '1', '3', 2, 'nearest')\n"
    "  raises('decimal.round: argument #3 (rounding) must be one of \"down\", \"up\", \"floor\", \"ceil\", \"half_up\", \"half_even\", not \"HALF_EVEN\"',\n"
    "         D.round, '1', 2, 'HALF_EVEN')\n"
    "  raises('decimal.div: argument #4 (rounding) must be a rounding mode name such as \"half_even\", but is a number', D.div, '1', '3', 2, 1)\n"
    "  raises('decimal.mul: argument #4 (rounding) is given without argument #3 (places)', D.mul, '1', '3', nil, 'up')\n"
    "  raises('decimal.add: result too large: more than 78 digits before the decimal point', D.add, string.rep('9', 78), 1)\n"
    "  raises('decimal.round: result too large: more than 78 digits before the decimal point', D.round, string.rep('9', 78) .. '.5', 0, 'up')\n"
    "  local tiny = '0.' .. string.rep('0', 39) .. '1'\n"
    "  raises('decimal.mul: result has more than 78 digits after the decimal point; give places and a rounding mode to round it',\n"
    "         D.mul, tiny, tiny)\n"
    "  expect(D.mul(tiny, tiny, 78, 'up'), '0.' .. string.rep('0', 77) .. '1', 'mul rounded')\n"
    "  local many = {}\n"
    "  for i = 1, 65 do many[i] = tostring(i) end\n"
    "  raises('decimal.min: expected at most 64 arguments, got 65', D.min, table.unpack(many))\n"
    "  expect(D.max(table.unpack(many, 1, 64)), '64', 'max of 64')\n"
    "  raises('decimal.min: argument #1 is missing; pass a decimal string such as \"1.5\"', D.min)\n"
    "  return done()\n"
    "end\n"
    "\n"
    "-- Every function, on many arguments: no result is ever a float.\n"
    "function no_floats()\n"
    "  D = decimal\n"
    "  local vals = { '0', '-0', '1', '-1', '2.5', '-2.5', '0.001', 7, -7, 0, math.maxinteger,\n"
    "                 string.rep('9', 78), '-' .. string.rep('9', 77) .. '.' .. string.rep('9', 78) }\n"
    "  local seen, calls = {}, 0\n"
    "  local function look(name, ok, ...)\n"
    "    if not ok then return end\n"
    "    calls = calls + 1\n"
    "    for i = 1, select('#', ...) do\n"
    "      local v = select(i, ...)\n"
    "      local t = math.type(v) or type(v)\n"
    "      seen[name .. ':' .. t] = true\n"
    "      if t ~= 'string' and t ~= 'integer' and t ~= 'boolean' then\n"
    "        fails[#fails + 1] = name .. ' returned a ' .. t\n"
    "      end\n"
    "    end\n"
    "  end\n"
    "  local modes = { 'down', 'up', 'floor', 'ceil', 'half_up', 'half_even' }\n"
    "  for _, a in ipairs(vals) do\n"
    "    for _, f in ipairs({ 'abs', 'neg', 'sign', 'is_zero', 'valid', 'min', 'max' }) do look(f, pcall(D[f], a)) end\n"
    "    for _, m in ipairs(modes) do look('round', pcall(D.round, a, 1, m)) end\n"
    "    for _, b in ipairs(vals) do\n"
    "      for _, f in ipairs({ 'add', 'sub', 'mul', 'cmp', 'eq', 'lt', 'le', 'gt', 'ge', 'min', 'max' }) do\n"
    "        look(f, pcall(D[f], a, b))\n"
    "      end\n"
    "      for _, m in ipairs(modes) do\n"
    "        look('div', pcall(D.div, a, b, 3, m))\n"
    "        look('mul', pcall(D.mul, a, b, 2, m))\n"
    "      end\n"
    "    end\n"
    "  end\n"
    "  for _, k in ipairs({ 'add:string', 'sub:string', 'mul:string', 'div:string', 'round:string',\n"
    "                       'cmp:integer', 'eq:boolean', 'lt:boolean', 'le:boolean', 'gt:boolean', 'ge:boolean',\n"
    "                       'min:string', 'max:string', 'abs:string', 'neg:string', 'sign:integer',\n"
    "                       'is_zero:boolean', 'valid:boolean' }) do\n"
    "    if not seen[k] then fails[#fails + 1] = 'never saw ' .. k end\n"
    "  end\n"
    "  if calls < 2000 then fails[#fails + 1] = 'only ' .. calls .. ' calls succeeded' end\n"
    "  return done()\n"
    "end\n"
    "\n"
    "-- Errors that reach the host (not caught by the script).\n"
    "function float_arg() return decimal.add('1', 1.5) end\n"
    "function bad_string(ctx) return decimal.div(ctx.a, '3', 2) end\n"
    "function from_json(ctx) return decimal.mul(ctx.a, ctx.b) end\n"
    "function spin() local x = '0' while true do x = decimal.add(x, '0.000001') end end\n"
    "function names()\n"
    "  D = decimal\n"
    "  local n = {}\n"
    "  for k, v in pairs(D) do n[#n + 1] = k .. '=' .. type(v) end\n"
    "  table.sort(n)\n"
    "  return table.concat(n, ' ')\n"
    "end\n";

static struct sandbox *make(const struct sandbox_limits *lim)
{
    struct sandbox *sb = NULL;
    st_err err = {0};
    if (sandbox_new("dec", script, strlen(script), lim, &sb, &err) != 0) {
        fprintf(stderr, "sandbox_new: %s\n", err.msg);
        return NULL;
    }
    if (decimal_lua_register(sb) != 0) {
        fprintf(stderr, "decimal_lua_register failed\n");
        sandbox_free(sb);
        return NULL;
    }
    return sb;
}

/* Runs entry and checks that it returned the string "ok". */
static void run_ok(struct sandbox *sb, const char *entry)
{
    struct sandbox_result r;
    int rc = sandbox_run(sb, entry, NULL, &r);
    CHECK(rc == 0 && r.status == SANDBOX_OK);
    CHECK_STR(r.value, "\"ok\"");
    if (rc != 0)
        fprintf(stderr, "%s: %s: %s\n", entry, sandbox_status_name(r.status), r.message);
    else if (strcmp(r.value, "\"ok\"") != 0)
        fprintf(stderr, "%s failed:\n%s\n", entry, r.value);
}

/* Runs entry and checks that it failed with exactly the message want. */
static void run_error(struct sandbox *sb, const char *entry, const char *ctx, const char *want)
{
    struct sandbox_result r;
    CHECK(sandbox_run(sb, entry, ctx, &r) == -1);
    CHECK(r.status == SANDBOX_ERROR);
    CHECK_STR(r.message, want);
    sandbox_resume(sb); /* these failures are on purpose: keep the pause rule out of the way */
}

int main(void)
{
    struct sandbox *sb = make(NULL);
    CHECK(sb != NULL);
    if (sb == NULL)
        return check_summary();

    run_ok(sb, "arithmetic");
    run_ok(sb, "comparisons");
    run_ok(sb, "errors");
    run_ok(sb, "no_floats");

    /* the table holds exactly the documented functions */
    struct sandbox_result r;
    CHECK(sandbox_run(sb, "names", NULL, &r) == 0);
    CHECK_STR(r.value, "\"abs=function add=function cmp=function div=function eq=function ge=function "
                       "gt=function is_zero=function le=function lt=function max=function min=function "
                       "mul=function neg=function round=function sign=function sub=function valid=function\"");
    /* registering again reuses the table and changes nothing */
    CHECK(decimal_lua_register(sb) == 0);
    CHECK(sandbox_run(sb, "names", NULL, &r) == 0 && strstr(r.value, "abs=function add=function") != NULL);

    /* an uncaught error names the script line, the function and the argument */
    run_error(sb, "float_arg", NULL,
              "dec:206: decimal.add: argument #2 is a float (1.5); pass amounts as strings, e.g. \"1.5\"");
    /* numbers from the JSON context: an integer is fine, a float is refused */
    CHECK(sandbox_run(sb, "from_json", "{\"a\": \"1.5\", \"b\": 3}", &r) == 0);
    CHECK_STR(r.value, "\"4.5\"");
    CHECK(r.value_type == LUA_TSTRING);
    run_error(sb, "from_json", "{\"a\": 2.5, \"b\": 3}",
              "dec:208: decimal.mul: argument #1 is a float (2.5); pass amounts as strings, e.g. \"2.5\"");
    run_error(sb, "from_json", "{\"a\": \"2.5\", \"b\": 3e0}",
              "dec:208: decimal.mul: argument #2 is a float (3.0); pass amounts as strings, e.g. \"3\"");
    run_error(sb, "from_json", "{\"a\": \"2.5\"}",
              "dec:208: decimal.mul: argument #2 is nil; pass a decimal string such as \"1.5\"");
    /* a long bad value is shortened, and its bytes are shown safely */
    run_error(sb, "bad_string", "{\"a\": \"1234567890123456789012345678901234567890\\u0001\"}",
              "dec:207: decimal.div: argument #1 is not a decimal (\"12345678901234567890123456789012\"...): "
              "unexpected byte 0x01 at offset 40");
    run_error(sb, "bad_string", "{\"a\": \"\\u00e9\"}",
              "dec:207: decimal.div: argument #1 is not a decimal (\"\\xc3\\xa9\"): unexpected byte 0xc3 at offset 0");
    CHECK(!sandbox_paused(sb));

    /* the state is still usable after all these errors */
    run_ok(sb, "arithmetic");
    sandbox_free(sb);

    /* the budgets still hold around the host functions: a loop of calls is stopped */
    struct sandbox_limits lim = {0};
    lim.instructions = 200000;
    sb = make(&lim);
    CHECK(sb != NULL);
    if (sb) {
        CHECK(sandbox_run(sb, "spin", NULL, &r) == -1);
        CHECK(r.status == SANDBOX_INSTRUCTIONS);
        sandbox_free(sb);
    }
    lim.instructions = 0;
    lim.deadline_ms = 100;
    sb = make(&lim);
    CHECK(sb != NULL);
    if (sb) {
        CHECK(sandbox_run(sb, "spin", NULL, &r) == -1);
        CHECK(r.status == SANDBOX_DEADLINE || r.status == SANDBOX_INSTRUCTIONS);
        CHECK(r.elapsed_ms < 2000);
        sandbox_free(sb);
    }
    return check_summary();
}
