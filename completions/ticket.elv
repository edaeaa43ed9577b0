
use builtin;
use str;

set edit:completion:arg-completer[ticket] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'ticket'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'ticket'= {
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand new 'File a new ticket and print it.'
            cand list 'List tickets, newest update first.'
            cand show 'Show tickets with their replies, oldest first.'
            cand reply 'Add a reply to a ticket, and move it along the workflow.'
            cand status 'Change the status of one or many tickets, in one transaction.'
            cand edit 'Change fields of one or many tickets; every change is recorded in history.'
            cand history 'Show every change made to a ticket: who, when, what, from and to.'
            cand types 'List ticket types, or add one.'
            cand fields 'List custom field definitions, add one, or attach one to a type.'
            cand search 'Find tickets by the words in their subject, question, replies and text fields, best match first.'
            cand sweep 'Move tickets idle for too long to another status (for cron).'
            cand undo 'Revert a sweep run with compensating events.'
            cand export 'Export tickets with their fields, tags, replies and events.'
            cand import 'Import tickets, all or nothing.'
            cand token 'Issue, list and revoke API tokens for `ticket serve`.'
            cand serve 'Serve the seed HTTP APIs (seed 1 `/v3_1/workorder/…`, seed 2 `/api/v2/…`) over this desk, until SIGINT or SIGTERM.'
            cand completions 'Print the completion script for a shell.'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ticket;new'= {
            cand -t 'Ticket type (see `ticket types`): sys, licences, module, tech, test, …'
            cand --type 'Ticket type (see `ticket types`): sys, licences, module, tech, test, …'
            cand --question 'The question (first message); `-` reads it from stdin'
            cand -s 'Short title [default: the question''s first line]'
            cand --subject 'Short title [default: the question''s first line]'
            cand -p 'normal, important or urgent [default: normal]'
            cand --priority 'normal, important or urgent [default: normal]'
            cand --requester 'Whom the ticket is for [default: you]'
            cand --assignee 'The agent to assign'
            cand --group 'The team to assign'
            cand --organization 'The requester''s organisation'
            cand --channel 'cli, api, web, email, phone or import [default: cli]'
            cand --tag 'A tag; repeat for more'
            cand --field 'A custom field value, NAME=VALUE; repeat for more (see `ticket fields`)'
            cand --idempotency-key 'A key for this request: run again with the same key, `new` prints the ticket filed the first time instead of filing a duplicate'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --support 'The requester wants phone support'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;list'= {
            cand --status 'Only this status (name or seed code); repeat or comma-separate for more'
            cand -t 'Only this type; repeat for more'
            cand --type 'Only this type; repeat for more'
            cand -p 'Only this priority; repeat for more'
            cand --priority 'Only this priority; repeat for more'
            cand --assignee 'Only tickets assigned to this agent; `none` for unassigned ones'
            cand --requester 'Only tickets for this requester'
            cand --tag 'Only tickets carrying this tag; repeat to require several'
            cand --field 'Only tickets whose custom field equals VALUE; repeat for more'
            cand --updated-before 'Only tickets last updated before TIME: RFC 3339, YYYY-MM-DD, today, yesterday, or an age such as 36h, 7d, 2w (that long ago)'
            cand --updated-after 'Only tickets last updated at or after TIME'
            cand --created-before 'Only tickets created before TIME'
            cand --created-after 'Only tickets created at or after TIME'
            cand -Q 'Qualifiers and free text, e.g. ''status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"'''
            cand --query 'Qualifiers and free text, e.g. ''status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"'''
            cand --sort 'Sort by id, created, updated, priority, status, type, subject, assignee or requester; prefix `-` for descending [default: -updated]'
            cand --page 'Show this page (from 1) of --page-size tickets'
            cand --page-size 'Tickets per page [default: config page_size, or 50]'
            cand --limit 'At most N tickets'
            cand --fields 'Only these columns (JSON keys), in this order: any ticket field, or fields.NAME for a custom field. E.g. --fields id,status,subject'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --all 'Every status, not only open work'
            cand --count 'Print only the number of matching tickets'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;show'= {
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --requester-view 'Hide internal notes, as the requester sees the ticket'
            cand --history 'Include the ticket''s history events'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;reply'= {
            cand --image 'An image URL to attach; repeat for more'
            cand --role 'Reply as requester or agent (seed codes 0 and 1 work too)'
            cand --status 'Set this status in the same step'
            cand --if-version 'Refuse (exit 4, code conflict) unless the ticket is at this version'
            cand --idempotency-key 'A key for this request: run again with the same key, `reply` prints the reply written the first time instead of writing it twice'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --internal 'A private note for agents, hidden from the requester'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;status'= {
            cand --note 'An internal note recorded on every ticket moved'
            cand --if-version 'Refuse (exit 4, code conflict) unless every ticket is at this version'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;edit'= {
            cand -s 'New subject'
            cand --subject 'New subject'
            cand -p 'New priority: normal, important or urgent'
            cand --priority 'New priority: normal, important or urgent'
            cand -t 'New type; its required fields must then be set'
            cand --type 'New type; its required fields must then be set'
            cand --assignee 'Assign to this agent; "" unassigns'
            cand --group 'Assign to this team; "" clears'
            cand --organization 'Set the organisation; "" clears'
            cand --tag '+TAG adds, -TAG removes; repeat for more'
            cand --field 'Set a custom field, NAME=VALUE; NAME= clears it'
            cand --if-version 'Refuse (exit 4, code conflict) unless every ticket is at this version'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --support 'The requester wants phone support'
            cand --no-support 'The requester no longer wants phone support'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;history'= {
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;types'= {
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List every type with its custom fields (the default)'
            cand add 'Add a ticket type'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ticket;types;list'= {
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;types;add'= {
            cand --en 'English label [default: the name]'
            cand --zh 'Chinese label [default: the English label]'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;types;help'= {
            cand list 'List every type with its custom fields (the default)'
            cand add 'Add a ticket type'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ticket;types;help;list'= {
        }
        &'ticket;types;help;add'= {
        }
        &'ticket;types;help;help'= {
        }
        &'ticket;fields'= {
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List every field and the types it is attached to (the default)'
            cand add 'Define a custom field, optionally attaching it to types'
            cand attach 'Attach an existing field to a type (or change whether it is required)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ticket;fields;list'= {
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;fields;add'= {
            cand --kind 'The value type'
            cand --label 'Human label [default: the name]'
            cand --option 'An allowed value of an enum field; repeat for more'
            cand --type 'Attach to this type; repeat for more'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --required 'Require a value on tickets of those types'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;fields;attach'= {
            cand --type 'The type to attach it to'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --required 'Require a value on tickets of that type'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;fields;help'= {
            cand list 'List every field and the types it is attached to (the default)'
            cand add 'Define a custom field, optionally attaching it to types'
            cand attach 'Attach an existing field to a type (or change whether it is required)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ticket;fields;help;list'= {
        }
        &'ticket;fields;help;add'= {
        }
        &'ticket;fields;help;attach'= {
        }
        &'ticket;fields;help;help'= {
        }
        &'ticket;search'= {
            cand --status 'Only this status (name or seed code); repeat or comma-separate for more'
            cand -t 'Only this type; repeat for more'
            cand --type 'Only this type; repeat for more'
            cand -p 'Only this priority; repeat for more'
            cand --priority 'Only this priority; repeat for more'
            cand --assignee 'Only tickets assigned to this agent; `none` for unassigned ones'
            cand --requester 'Only tickets for this requester'
            cand --tag 'Only tickets carrying this tag; repeat to require several'
            cand --field 'Only tickets whose custom field equals VALUE; repeat for more'
            cand --updated-before 'Only tickets last updated before TIME: RFC 3339, YYYY-MM-DD, today, yesterday, or an age such as 36h, 7d, 2w (that long ago)'
            cand --updated-after 'Only tickets last updated at or after TIME'
            cand --created-before 'Only tickets created before TIME'
            cand --created-after 'Only tickets created at or after TIME'
            cand -Q 'Qualifiers and free text, e.g. ''status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"'''
            cand --query 'Qualifiers and free text, e.g. ''status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"'''
            cand --limit 'At most N results [default: 50 in a terminal, all otherwise]'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --rebuild 'Rebuild the search index from the stored tickets and replies'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;sweep'= {
            cand --status 'Pick tickets in this status; repeat or comma-separate for more'
            cand --idle 'How long without activity (e.g. 36h, 4d, 2w)'
            cand --to 'The status to move them to'
            cand --note 'An internal note added to every ticket moved'
            cand --limit 'Move at most N tickets per rule, the stalest first'
            cand --name 'The rule''s name in history [default: STATUS-to-TO]'
            cand --now 'Judge idleness as of this time instead of now'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;undo'= {
            cand --run 'The run id a sweep reported'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;export'= {
            cand --status 'Only this status (name or seed code); repeat or comma-separate for more'
            cand -t 'Only this type; repeat for more'
            cand --type 'Only this type; repeat for more'
            cand -p 'Only this priority; repeat for more'
            cand --priority 'Only this priority; repeat for more'
            cand --assignee 'Only tickets assigned to this agent; `none` for unassigned ones'
            cand --requester 'Only tickets for this requester'
            cand --tag 'Only tickets carrying this tag; repeat to require several'
            cand --field 'Only tickets whose custom field equals VALUE; repeat for more'
            cand --updated-before 'Only tickets last updated before TIME: RFC 3339, YYYY-MM-DD, today, yesterday, or an age such as 36h, 7d, 2w (that long ago)'
            cand --updated-after 'Only tickets last updated at or after TIME'
            cand --created-before 'Only tickets created before TIME'
            cand --created-after 'Only tickets created at or after TIME'
            cand -Q 'Qualifiers and free text, e.g. ''status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"'''
            cand --query 'Qualifiers and free text, e.g. ''status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"'''
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;import'= {
            cand -t 'The type of seed 2 tickets that give no typeId'
            cand --type 'The type of seed 2 tickets that give no typeId'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --skip-existing 'Leave tickets whose id is taken instead of failing'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;token'= {
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand new 'Issue a token for USER and print its secret, once'
            cand list 'List every token, newest first, with its state (never a secret)'
            cand revoke 'Revoke a token: requests bearing it are refused from now on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ticket;token;new'= {
            cand --role 'What the token may do: agent (every ticket) or requester (the user''s own tickets)'
            cand --name 'A label for people ("web portal", "amy''s laptop")'
            cand --expires 'Stop working after this long (e.g. 12h, 30d, 52w) [default: never]'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;token;list'= {
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;token;revoke'= {
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;token;help'= {
            cand new 'Issue a token for USER and print its secret, once'
            cand list 'List every token, newest first, with its state (never a secret)'
            cand revoke 'Revoke a token: requests bearing it are refused from now on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ticket;token;help;new'= {
        }
        &'ticket;token;help;list'= {
        }
        &'ticket;token;help;revoke'= {
        }
        &'ticket;token;help;help'= {
        }
        &'ticket;serve'= {
            cand --listen 'Address and port to listen on; port 0 picks a free one. Only loopback unless an address beyond it is given here'
            cand --body-limit 'The largest request body taken, in bytes (larger: 413)'
            cand --timeout 'How long one request may take (longer: 503)'
            cand --max-in-flight 'Requests answered at once (more: 503 with Retry-After)'
            cand --rate-limit 'Requests per second each token may send, in bursts of twice that (faster: 429 with Retry-After); 0 for no limit'
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;completions'= {
            cand --db 'The store: a SQLite file, or a team''s PostgreSQL database'
            cand --as 'Act as this user (committer of new tickets, author of replies)'
            cand --format 'Output format [default: table in a terminal, tsv when piped]'
            cand --color 'When to use colours; NO_COLOR in the environment means never'
            cand --json 'Print JSON (the stable contract for scripts); errors too, on stderr'
            cand -q 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --quiet 'Print less: writes print only the ids (import prints nothing), notices are silenced'
            cand --dry-run 'Show what a write command would do, and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ticket;help'= {
            cand new 'File a new ticket and print it.'
            cand list 'List tickets, newest update first.'
            cand show 'Show tickets with their replies, oldest first.'
            cand reply 'Add a reply to a ticket, and move it along the workflow.'
            cand status 'Change the status of one or many tickets, in one transaction.'
            cand edit 'Change fields of one or many tickets; every change is recorded in history.'
            cand history 'Show every change made to a ticket: who, when, what, from and to.'
            cand types 'List ticket types, or add one.'
            cand fields 'List custom field definitions, add one, or attach one to a type.'
            cand search 'Find tickets by the words in their subject, question, replies and text fields, best match first.'
            cand sweep 'Move tickets idle for too long to another status (for cron).'
            cand undo 'Revert a sweep run with compensating events.'
            cand export 'Export tickets with their fields, tags, replies and events.'
            cand import 'Import tickets, all or nothing.'
            cand token 'Issue, list and revoke API tokens for `ticket serve`.'
            cand serve 'Serve the seed HTTP APIs (seed 1 `/v3_1/workorder/…`, seed 2 `/api/v2/…`) over this desk, until SIGINT or SIGTERM.'
            cand completions 'Print the completion script for a shell.'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ticket;help;new'= {
        }
        &'ticket;help;list'= {
        }
        &'ticket;help;show'= {
        }
        &'ticket;help;reply'= {
        }
        &'ticket;help;status'= {
        }
        &'ticket;help;edit'= {
        }
        &'ticket;help;history'= {
        }
        &'ticket;help;types'= {
            cand list 'List every type with its custom fields (the default)'
            cand add 'Add a ticket type'
        }
        &'ticket;help;types;list'= {
        }
        &'ticket;help;types;add'= {
        }
        &'ticket;help;fields'= {
            cand list 'List every field and the types it is attached to (the default)'
            cand add 'Define a custom field, optionally attaching it to types'
            cand attach 'Attach an existing field to a type (or change whether it is required)'
        }
        &'ticket;help;fields;list'= {
        }
        &'ticket;help;fields;add'= {
        }
        &'ticket;help;fields;attach'= {
        }
        &'ticket;help;search'= {
        }
        &'ticket;help;sweep'= {
        }
        &'ticket;help;undo'= {
        }
        &'ticket;help;export'= {
        }
        &'ticket;help;import'= {
        }
        &'ticket;help;token'= {
            cand new 'Issue a token for USER and print its secret, once'
            cand list 'List every token, newest first, with its state (never a secret)'
            cand revoke 'Revoke a token: requests bearing it are refused from now on'
        }
        &'ticket;help;token;new'= {
        }
        &'ticket;help;token;list'= {
        }
        &'ticket;help;token;revoke'= {
        }
        &'ticket;help;serve'= {
        }
        &'ticket;help;completions'= {
        }
        &'ticket;help;help'= {
        }
    ]
    $completions[$command]
}
