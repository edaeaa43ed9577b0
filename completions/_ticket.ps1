
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'ticket' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'ticket'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'ticket' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'File a new ticket and print it.')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tickets, newest update first.')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show tickets with their replies, oldest first.')
            [CompletionResult]::new('reply', 'reply', [CompletionResultType]::ParameterValue, 'Add a reply to a ticket, and move it along the workflow.')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Change the status of one or many tickets, in one transaction.')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change fields of one or many tickets; every change is recorded in history.')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show every change made to a ticket: who, when, what, from and to.')
            [CompletionResult]::new('types', 'types', [CompletionResultType]::ParameterValue, 'List ticket types, or add one.')
            [CompletionResult]::new('fields', 'fields', [CompletionResultType]::ParameterValue, 'List custom field definitions, add one, or attach one to a type.')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find tickets by the words in their subject, question, replies and text fields, best match first.')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Move tickets idle for too long to another status (for cron).')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Revert a sweep run with compensating events.')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export tickets with their fields, tags, replies and events.')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import tickets, all or nothing.')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Issue, list and revoke API tokens for `ticket serve`.')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the seed HTTP APIs (seed 1 `/v3_1/workorder/…`, seed 2 `/api/v2/…`) over this desk, until SIGINT or SIGTERM.')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ticket;new' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Ticket type (see `ticket types`): sys, licences, module, tech, test, …')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Ticket type (see `ticket types`): sys, licences, module, tech, test, …')
            [CompletionResult]::new('--question', '--question', [CompletionResultType]::ParameterName, 'The question (first message); `-` reads it from stdin')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Short title [default: the question''s first line]')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Short title [default: the question''s first line]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'normal, important or urgent [default: normal]')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'normal, important or urgent [default: normal]')
            [CompletionResult]::new('--requester', '--requester', [CompletionResultType]::ParameterName, 'Whom the ticket is for [default: you]')
            [CompletionResult]::new('--assignee', '--assignee', [CompletionResultType]::ParameterName, 'The agent to assign')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The team to assign')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'The requester''s organisation')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'cli, api, web, email, phone or import [default: cli]')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag; repeat for more')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'A custom field value, NAME=VALUE; repeat for more (see `ticket fields`)')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'A key for this request: run again with the same key, `new` prints the ticket filed the first time instead of filing a duplicate')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--support', '--support', [CompletionResultType]::ParameterName, 'The requester wants phone support')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only this status (name or seed code); repeat or comma-separate for more')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only this type; repeat for more')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only this type; repeat for more')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only this priority; repeat for more')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'Only this priority; repeat for more')
            [CompletionResult]::new('--assignee', '--assignee', [CompletionResultType]::ParameterName, 'Only tickets assigned to this agent; `none` for unassigned ones')
            [CompletionResult]::new('--requester', '--requester', [CompletionResultType]::ParameterName, 'Only tickets for this requester')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only tickets carrying this tag; repeat to require several')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Only tickets whose custom field equals VALUE; repeat for more')
            [CompletionResult]::new('--updated-before', '--updated-before', [CompletionResultType]::ParameterName, 'Only tickets last updated before TIME: RFC 3339, YYYY-MM-DD, today, yesterday, or an age such as 36h, 7d, 2w (that long ago)')
            [CompletionResult]::new('--updated-after', '--updated-after', [CompletionResultType]::ParameterName, 'Only tickets last updated at or after TIME')
            [CompletionResult]::new('--created-before', '--created-before', [CompletionResultType]::ParameterName, 'Only tickets created before TIME')
            [CompletionResult]::new('--created-after', '--created-after', [CompletionResultType]::ParameterName, 'Only tickets created at or after TIME')
            [CompletionResult]::new('-Q', '-Q ', [CompletionResultType]::ParameterName, 'Qualifiers and free text, e.g. ''status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"''')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Qualifiers and free text, e.g. ''status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"''')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Sort by id, created, updated, priority, status, type, subject, assignee or requester; prefix `-` for descending [default: -updated]')
            [CompletionResult]::new('--page', '--page', [CompletionResultType]::ParameterName, 'Show this page (from 1) of --page-size tickets')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Tickets per page [default: config page_size, or 50]')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N tickets')
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Only these columns (JSON keys), in this order: any ticket field, or fields.NAME for a custom field. E.g. --fields id,status,subject')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every status, not only open work')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print only the number of matching tickets')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--requester-view', '--requester-view', [CompletionResultType]::ParameterName, 'Hide internal notes, as the requester sees the ticket')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Include the ticket''s history events')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;reply' {
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'An image URL to attach; repeat for more')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Reply as requester or agent (seed codes 0 and 1 work too)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Set this status in the same step')
            [CompletionResult]::new('--if-version', '--if-version', [CompletionResultType]::ParameterName, 'Refuse (exit 4, code conflict) unless the ticket is at this version')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'A key for this request: run again with the same key, `reply` prints the reply written the first time instead of writing it twice')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--internal', '--internal', [CompletionResultType]::ParameterName, 'A private note for agents, hidden from the requester')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;status' {
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'An internal note recorded on every ticket moved')
            [CompletionResult]::new('--if-version', '--if-version', [CompletionResultType]::ParameterName, 'Refuse (exit 4, code conflict) unless every ticket is at this version')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;edit' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'New subject')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'New subject')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'New priority: normal, important or urgent')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'New priority: normal, important or urgent')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'New type; its required fields must then be set')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'New type; its required fields must then be set')
            [CompletionResult]::new('--assignee', '--assignee', [CompletionResultType]::ParameterName, 'Assign to this agent; "" unassigns')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Assign to this team; "" clears')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'Set the organisation; "" clears')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, '+TAG adds, -TAG removes; repeat for more')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Set a custom field, NAME=VALUE; NAME= clears it')
            [CompletionResult]::new('--if-version', '--if-version', [CompletionResultType]::ParameterName, 'Refuse (exit 4, code conflict) unless every ticket is at this version')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--support', '--support', [CompletionResultType]::ParameterName, 'The requester wants phone support')
            [CompletionResult]::new('--no-support', '--no-support', [CompletionResultType]::ParameterName, 'The requester no longer wants phone support')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;history' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;types' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every type with its custom fields (the default)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a ticket type')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ticket;types;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;types;add' {
            [CompletionResult]::new('--en', '--en', [CompletionResultType]::ParameterName, 'English label [default: the name]')
            [CompletionResult]::new('--zh', '--zh', [CompletionResultType]::ParameterName, 'Chinese label [default: the English label]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;types;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every type with its custom fields (the default)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a ticket type')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ticket;types;help;list' {
            break
        }
        'ticket;types;help;add' {
            break
        }
        'ticket;types;help;help' {
            break
        }
        'ticket;fields' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every field and the types it is attached to (the default)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Define a custom field, optionally attaching it to types')
            [CompletionResult]::new('attach', 'attach', [CompletionResultType]::ParameterValue, 'Attach an existing field to a type (or change whether it is required)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ticket;fields;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;fields;add' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'The value type')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Human label [default: the name]')
            [CompletionResult]::new('--option', '--option', [CompletionResultType]::ParameterName, 'An allowed value of an enum field; repeat for more')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Attach to this type; repeat for more')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--required', '--required', [CompletionResultType]::ParameterName, 'Require a value on tickets of those types')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;fields;attach' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The type to attach it to')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--required', '--required', [CompletionResultType]::ParameterName, 'Require a value on tickets of that type')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;fields;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every field and the types it is attached to (the default)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Define a custom field, optionally attaching it to types')
            [CompletionResult]::new('attach', 'attach', [CompletionResultType]::ParameterValue, 'Attach an existing field to a type (or change whether it is required)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ticket;fields;help;list' {
            break
        }
        'ticket;fields;help;add' {
            break
        }
        'ticket;fields;help;attach' {
            break
        }
        'ticket;fields;help;help' {
            break
        }
        'ticket;search' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only this status (name or seed code); repeat or comma-separate for more')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only this type; repeat for more')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only this type; repeat for more')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only this priority; repeat for more')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'Only this priority; repeat for more')
            [CompletionResult]::new('--assignee', '--assignee', [CompletionResultType]::ParameterName, 'Only tickets assigned to this agent; `none` for unassigned ones')
            [CompletionResult]::new('--requester', '--requester', [CompletionResultType]::ParameterName, 'Only tickets for this requester')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only tickets carrying this tag; repeat to require several')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Only tickets whose custom field equals VALUE; repeat for more')
            [CompletionResult]::new('--updated-before', '--updated-before', [CompletionResultType]::ParameterName, 'Only tickets last updated before TIME: RFC 3339, YYYY-MM-DD, today, yesterday, or an age such as 36h, 7d, 2w (that long ago)')
            [CompletionResult]::new('--updated-after', '--updated-after', [CompletionResultType]::ParameterName, 'Only tickets last updated at or after TIME')
            [CompletionResult]::new('--created-before', '--created-before', [CompletionResultType]::ParameterName, 'Only tickets created before TIME')
            [CompletionResult]::new('--created-after', '--created-after', [CompletionResultType]::ParameterName, 'Only tickets created at or after TIME')
            [CompletionResult]::new('-Q', '-Q ', [CompletionResultType]::ParameterName, 'Qualifiers and free text, e.g. ''status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"''')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Qualifiers and free text, e.g. ''status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"''')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N results [default: 50 in a terminal, all otherwise]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--rebuild', '--rebuild', [CompletionResultType]::ParameterName, 'Rebuild the search index from the stored tickets and replies')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;sweep' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Pick tickets in this status; repeat or comma-separate for more')
            [CompletionResult]::new('--idle', '--idle', [CompletionResultType]::ParameterName, 'How long without activity (e.g. 36h, 4d, 2w)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The status to move them to')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'An internal note added to every ticket moved')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Move at most N tickets per rule, the stalest first')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The rule''s name in history [default: STATUS-to-TO]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge idleness as of this time instead of now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;undo' {
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'The run id a sweep reported')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;export' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only this status (name or seed code); repeat or comma-separate for more')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only this type; repeat for more')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only this type; repeat for more')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only this priority; repeat for more')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'Only this priority; repeat for more')
            [CompletionResult]::new('--assignee', '--assignee', [CompletionResultType]::ParameterName, 'Only tickets assigned to this agent; `none` for unassigned ones')
            [CompletionResult]::new('--requester', '--requester', [CompletionResultType]::ParameterName, 'Only tickets for this requester')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only tickets carrying this tag; repeat to require several')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Only tickets whose custom field equals VALUE; repeat for more')
            [CompletionResult]::new('--updated-before', '--updated-before', [CompletionResultType]::ParameterName, 'Only tickets last updated before TIME: RFC 3339, YYYY-MM-DD, today, yesterday, or an age such as 36h, 7d, 2w (that long ago)')
            [CompletionResult]::new('--updated-after', '--updated-after', [CompletionResultType]::ParameterName, 'Only tickets last updated at or after TIME')
            [CompletionResult]::new('--created-before', '--created-before', [CompletionResultType]::ParameterName, 'Only tickets created before TIME')
            [CompletionResult]::new('--created-after', '--created-after', [CompletionResultType]::ParameterName, 'Only tickets created at or after TIME')
            [CompletionResult]::new('-Q', '-Q ', [CompletionResultType]::ParameterName, 'Qualifiers and free text, e.g. ''status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"''')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Qualifiers and free text, e.g. ''status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"''')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;import' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The type of seed 2 tickets that give no typeId')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The type of seed 2 tickets that give no typeId')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--skip-existing', '--skip-existing', [CompletionResultType]::ParameterName, 'Leave tickets whose id is taken instead of failing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;token' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Issue a token for USER and print its secret, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every token, newest first, with its state (never a secret)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token: requests bearing it are refused from now on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ticket;token;new' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'What the token may do: agent (every ticket) or requester (the user''s own tickets)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A label for people ("web portal", "amy''s laptop")')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'Stop working after this long (e.g. 12h, 30d, 52w) [default: never]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;token;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;token;revoke' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;token;help' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Issue a token for USER and print its secret, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every token, newest first, with its state (never a secret)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token: requests bearing it are refused from now on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ticket;token;help;new' {
            break
        }
        'ticket;token;help;list' {
            break
        }
        'ticket;token;help;revoke' {
            break
        }
        'ticket;token;help;help' {
            break
        }
        'ticket;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address and port to listen on; port 0 picks a free one. Only loopback unless an address beyond it is given here')
            [CompletionResult]::new('--body-limit', '--body-limit', [CompletionResultType]::ParameterName, 'The largest request body taken, in bytes (larger: 413)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long one request may take (longer: 503)')
            [CompletionResult]::new('--max-in-flight', '--max-in-flight', [CompletionResultType]::ParameterName, 'Requests answered at once (more: 503 with Retry-After)')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Requests per second each token may send, in bursts of twice that (faster: 429 with Retry-After); 0 for no limit')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store: a SQLite file, or a team''s PostgreSQL database')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (committer of new tickets, author of replies)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table in a terminal, tsv when piped]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours; NO_COLOR in the environment means never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the stable contract for scripts); errors too, on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less: writes print only the ids (import prints nothing), notices are silenced')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what a write command would do, and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ticket;help' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'File a new ticket and print it.')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tickets, newest update first.')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show tickets with their replies, oldest first.')
            [CompletionResult]::new('reply', 'reply', [CompletionResultType]::ParameterValue, 'Add a reply to a ticket, and move it along the workflow.')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Change the status of one or many tickets, in one transaction.')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change fields of one or many tickets; every change is recorded in history.')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show every change made to a ticket: who, when, what, from and to.')
            [CompletionResult]::new('types', 'types', [CompletionResultType]::ParameterValue, 'List ticket types, or add one.')
            [CompletionResult]::new('fields', 'fields', [CompletionResultType]::ParameterValue, 'List custom field definitions, add one, or attach one to a type.')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find tickets by the words in their subject, question, replies and text fields, best match first.')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Move tickets idle for too long to another status (for cron).')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Revert a sweep run with compensating events.')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export tickets with their fields, tags, replies and events.')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import tickets, all or nothing.')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Issue, list and revoke API tokens for `ticket serve`.')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the seed HTTP APIs (seed 1 `/v3_1/workorder/…`, seed 2 `/api/v2/…`) over this desk, until SIGINT or SIGTERM.')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ticket;help;new' {
            break
        }
        'ticket;help;list' {
            break
        }
        'ticket;help;show' {
            break
        }
        'ticket;help;reply' {
            break
        }
        'ticket;help;status' {
            break
        }
        'ticket;help;edit' {
            break
        }
        'ticket;help;history' {
            break
        }
        'ticket;help;types' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every type with its custom fields (the default)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a ticket type')
            break
        }
        'ticket;help;types;list' {
            break
        }
        'ticket;help;types;add' {
            break
        }
        'ticket;help;fields' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every field and the types it is attached to (the default)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Define a custom field, optionally attaching it to types')
            [CompletionResult]::new('attach', 'attach', [CompletionResultType]::ParameterValue, 'Attach an existing field to a type (or change whether it is required)')
            break
        }
        'ticket;help;fields;list' {
            break
        }
        'ticket;help;fields;add' {
            break
        }
        'ticket;help;fields;attach' {
            break
        }
        'ticket;help;search' {
            break
        }
        'ticket;help;sweep' {
            break
        }
        'ticket;help;undo' {
            break
        }
        'ticket;help;export' {
            break
        }
        'ticket;help;import' {
            break
        }
        'ticket;help;token' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Issue a token for USER and print its secret, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every token, newest first, with its state (never a secret)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token: requests bearing it are refused from now on')
            break
        }
        'ticket;help;token;new' {
            break
        }
        'ticket;help;token;list' {
            break
        }
        'ticket;help;token;revoke' {
            break
        }
        'ticket;help;serve' {
            break
        }
        'ticket;help;completions' {
            break
        }
        'ticket;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
