# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ticket_global_optspecs
    string join \n db= as= json format= color= q/quiet dry-run h/help V/version
end

function __fish_ticket_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ticket_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ticket_using_subcommand
    set -l cmd (__fish_ticket_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ticket -n "__fish_ticket_needs_command" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_needs_command" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_needs_command" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_needs_command" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_needs_command" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_needs_command" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_needs_command" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_needs_command" -s V -l version -d 'Print version'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "new" -d 'File a new ticket and print it.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "list" -d 'List tickets, newest update first.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "show" -d 'Show tickets with their replies, oldest first.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "reply" -d 'Add a reply to a ticket, and move it along the workflow.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "status" -d 'Change the status of one or many tickets, in one transaction.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "edit" -d 'Change fields of one or many tickets; every change is recorded in history.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "history" -d 'Show every change made to a ticket: who, when, what, from and to.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "types" -d 'List ticket types, or add one.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "fields" -d 'List custom field definitions, add one, or attach one to a type.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "search" -d 'Find tickets by the words in their subject, question, replies and text fields, best match first.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "sweep" -d 'Move tickets idle for too long to another status (for cron).'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "undo" -d 'Revert a sweep run with compensating events.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "export" -d 'Export tickets with their fields, tags, replies and events.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "import" -d 'Import tickets, all or nothing.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "token" -d 'Issue, list and revoke API tokens for `ticket serve`.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "serve" -d 'Serve the seed HTTP APIs (seed 1 `/v3_1/workorder/…`, seed 2 `/api/v2/…`) over this desk, until SIGINT or SIGTERM.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "completions" -d 'Print the completion script for a shell.'
complete -c ticket -n "__fish_ticket_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ticket -n "__fish_ticket_using_subcommand new" -s t -l type -d 'Ticket type (see `ticket types`): sys, licences, module, tech, test, …' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -l question -d 'The question (first message); `-` reads it from stdin' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -s s -l subject -d 'Short title [default: the question\'s first line]' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -s p -l priority -d 'normal, important or urgent [default: normal]' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -l requester -d 'Whom the ticket is for [default: you]' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -l assignee -d 'The agent to assign' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -l group -d 'The team to assign' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -l organization -d 'The requester\'s organisation' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -l channel -d 'cli, api, web, email, phone or import [default: cli]' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -l tag -d 'A tag; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -l field -d 'A custom field value, NAME=VALUE; repeat for more (see `ticket fields`)' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -l idempotency-key -d 'A key for this request: run again with the same key, `new` prints the ticket filed the first time instead of filing a duplicate' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand new" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand new" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand new" -l support -d 'The requester wants phone support'
complete -c ticket -n "__fish_ticket_using_subcommand new" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand new" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand new" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand list" -l status -d 'Only this status (name or seed code); repeat or comma-separate for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -s t -l type -d 'Only this type; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -s p -l priority -d 'Only this priority; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l assignee -d 'Only tickets assigned to this agent; `none` for unassigned ones' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l requester -d 'Only tickets for this requester' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l tag -d 'Only tickets carrying this tag; repeat to require several' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l field -d 'Only tickets whose custom field equals VALUE; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l updated-before -d 'Only tickets last updated before TIME: RFC 3339, YYYY-MM-DD, today, yesterday, or an age such as 36h, 7d, 2w (that long ago)' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l updated-after -d 'Only tickets last updated at or after TIME' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l created-before -d 'Only tickets created before TIME' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l created-after -d 'Only tickets created at or after TIME' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -s Q -l query -d 'Qualifiers and free text, e.g. \'status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"\'' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l sort -d 'Sort by id, created, updated, priority, status, type, subject, assignee or requester; prefix `-` for descending [default: -updated]' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l page -d 'Show this page (from 1) of --page-size tickets' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l page-size -d 'Tickets per page [default: config page_size, or 50]' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l limit -d 'At most N tickets' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l fields -d 'Only these columns (JSON keys), in this order: any ticket field, or fields.NAME for a custom field. E.g. --fields id,status,subject' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand list" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand list" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand list" -l all -d 'Every status, not only open work'
complete -c ticket -n "__fish_ticket_using_subcommand list" -l count -d 'Print only the number of matching tickets'
complete -c ticket -n "__fish_ticket_using_subcommand list" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand list" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand list" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand show" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand show" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand show" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand show" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand show" -l requester-view -d 'Hide internal notes, as the requester sees the ticket'
complete -c ticket -n "__fish_ticket_using_subcommand show" -l history -d 'Include the ticket\'s history events'
complete -c ticket -n "__fish_ticket_using_subcommand show" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand show" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand show" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand reply" -l image -d 'An image URL to attach; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand reply" -l role -d 'Reply as requester or agent (seed codes 0 and 1 work too)' -r
complete -c ticket -n "__fish_ticket_using_subcommand reply" -l status -d 'Set this status in the same step' -r
complete -c ticket -n "__fish_ticket_using_subcommand reply" -l if-version -d 'Refuse (exit 4, code conflict) unless the ticket is at this version' -r
complete -c ticket -n "__fish_ticket_using_subcommand reply" -l idempotency-key -d 'A key for this request: run again with the same key, `reply` prints the reply written the first time instead of writing it twice' -r
complete -c ticket -n "__fish_ticket_using_subcommand reply" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand reply" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand reply" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand reply" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand reply" -l internal -d 'A private note for agents, hidden from the requester'
complete -c ticket -n "__fish_ticket_using_subcommand reply" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand reply" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand reply" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand reply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand status" -l note -d 'An internal note recorded on every ticket moved' -r
complete -c ticket -n "__fish_ticket_using_subcommand status" -l if-version -d 'Refuse (exit 4, code conflict) unless every ticket is at this version' -r
complete -c ticket -n "__fish_ticket_using_subcommand status" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand status" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand status" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand status" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand status" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand status" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand status" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand edit" -s s -l subject -d 'New subject' -r
complete -c ticket -n "__fish_ticket_using_subcommand edit" -s p -l priority -d 'New priority: normal, important or urgent' -r
complete -c ticket -n "__fish_ticket_using_subcommand edit" -s t -l type -d 'New type; its required fields must then be set' -r
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l assignee -d 'Assign to this agent; "" unassigns' -r
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l group -d 'Assign to this team; "" clears' -r
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l organization -d 'Set the organisation; "" clears' -r
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l tag -d '+TAG adds, -TAG removes; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l field -d 'Set a custom field, NAME=VALUE; NAME= clears it' -r
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l if-version -d 'Refuse (exit 4, code conflict) unless every ticket is at this version' -r
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l support -d 'The requester wants phone support'
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l no-support -d 'The requester no longer wants phone support'
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand edit" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand edit" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand history" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand history" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand history" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand history" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand history" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand history" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand history" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand types; and not __fish_seen_subcommand_from list add help" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand types; and not __fish_seen_subcommand_from list add help" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand types; and not __fish_seen_subcommand_from list add help" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand types; and not __fish_seen_subcommand_from list add help" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand types; and not __fish_seen_subcommand_from list add help" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand types; and not __fish_seen_subcommand_from list add help" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand types; and not __fish_seen_subcommand_from list add help" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand types; and not __fish_seen_subcommand_from list add help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand types; and not __fish_seen_subcommand_from list add help" -f -a "list" -d 'List every type with its custom fields (the default)'
complete -c ticket -n "__fish_ticket_using_subcommand types; and not __fish_seen_subcommand_from list add help" -f -a "add" -d 'Add a ticket type'
complete -c ticket -n "__fish_ticket_using_subcommand types; and not __fish_seen_subcommand_from list add help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from list" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from list" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from list" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from list" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from add" -l en -d 'English label [default: the name]' -r
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from add" -l zh -d 'Chinese label [default: the English label]' -r
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from add" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from add" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from add" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from add" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from add" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from add" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every type with its custom fields (the default)'
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a ticket type'
complete -c ticket -n "__fish_ticket_using_subcommand types; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and not __fish_seen_subcommand_from list add attach help" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and not __fish_seen_subcommand_from list add attach help" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and not __fish_seen_subcommand_from list add attach help" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand fields; and not __fish_seen_subcommand_from list add attach help" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand fields; and not __fish_seen_subcommand_from list add attach help" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and not __fish_seen_subcommand_from list add attach help" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and not __fish_seen_subcommand_from list add attach help" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and not __fish_seen_subcommand_from list add attach help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and not __fish_seen_subcommand_from list add attach help" -f -a "list" -d 'List every field and the types it is attached to (the default)'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and not __fish_seen_subcommand_from list add attach help" -f -a "add" -d 'Define a custom field, optionally attaching it to types'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and not __fish_seen_subcommand_from list add attach help" -f -a "attach" -d 'Attach an existing field to a type (or change whether it is required)'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and not __fish_seen_subcommand_from list add attach help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from list" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from list" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from list" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from list" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -l kind -d 'The value type' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -l label -d 'Human label [default: the name]' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -l option -d 'An allowed value of an enum field; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -l type -d 'Attach to this type; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -l required -d 'Require a value on tickets of those types'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from attach" -l type -d 'The type to attach it to' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from attach" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from attach" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from attach" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from attach" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from attach" -l required -d 'Require a value on tickets of that type'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from attach" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from attach" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from attach" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from attach" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every field and the types it is attached to (the default)'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from help" -f -a "add" -d 'Define a custom field, optionally attaching it to types'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from help" -f -a "attach" -d 'Attach an existing field to a type (or change whether it is required)'
complete -c ticket -n "__fish_ticket_using_subcommand fields; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ticket -n "__fish_ticket_using_subcommand search" -l status -d 'Only this status (name or seed code); repeat or comma-separate for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -s t -l type -d 'Only this type; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -s p -l priority -d 'Only this priority; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -l assignee -d 'Only tickets assigned to this agent; `none` for unassigned ones' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -l requester -d 'Only tickets for this requester' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -l tag -d 'Only tickets carrying this tag; repeat to require several' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -l field -d 'Only tickets whose custom field equals VALUE; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -l updated-before -d 'Only tickets last updated before TIME: RFC 3339, YYYY-MM-DD, today, yesterday, or an age such as 36h, 7d, 2w (that long ago)' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -l updated-after -d 'Only tickets last updated at or after TIME' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -l created-before -d 'Only tickets created before TIME' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -l created-after -d 'Only tickets created at or after TIME' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -s Q -l query -d 'Qualifiers and free text, e.g. \'status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"\'' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -l limit -d 'At most N results [default: 50 in a terminal, all otherwise]' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand search" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand search" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand search" -l rebuild -d 'Rebuild the search index from the stored tickets and replies'
complete -c ticket -n "__fish_ticket_using_subcommand search" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand search" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand search" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l status -d 'Pick tickets in this status; repeat or comma-separate for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l idle -d 'How long without activity (e.g. 36h, 4d, 2w)' -r
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l to -d 'The status to move them to' -r
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l note -d 'An internal note added to every ticket moved' -r
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l limit -d 'Move at most N tickets per rule, the stalest first' -r
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l name -d 'The rule\'s name in history [default: STATUS-to-TO]' -r
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l now -d 'Judge idleness as of this time instead of now' -r
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand sweep" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand undo" -l run -d 'The run id a sweep reported' -r
complete -c ticket -n "__fish_ticket_using_subcommand undo" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand undo" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand undo" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand undo" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand undo" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand undo" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand undo" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand undo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand export" -l status -d 'Only this status (name or seed code); repeat or comma-separate for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -s t -l type -d 'Only this type; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -s p -l priority -d 'Only this priority; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -l assignee -d 'Only tickets assigned to this agent; `none` for unassigned ones' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -l requester -d 'Only tickets for this requester' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -l tag -d 'Only tickets carrying this tag; repeat to require several' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -l field -d 'Only tickets whose custom field equals VALUE; repeat for more' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -l updated-before -d 'Only tickets last updated before TIME: RFC 3339, YYYY-MM-DD, today, yesterday, or an age such as 36h, 7d, 2w (that long ago)' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -l updated-after -d 'Only tickets last updated at or after TIME' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -l created-before -d 'Only tickets created before TIME' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -l created-after -d 'Only tickets created at or after TIME' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -s Q -l query -d 'Qualifiers and free text, e.g. \'status:open,pending tag:vip -tag:spam assignee:none updated<7d field.company:ACME "disk full"\'' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand export" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand export" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand export" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand export" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand export" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand import" -s t -l type -d 'The type of seed 2 tickets that give no typeId' -r
complete -c ticket -n "__fish_ticket_using_subcommand import" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand import" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand import" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand import" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand import" -l skip-existing -d 'Leave tickets whose id is taken instead of failing'
complete -c ticket -n "__fish_ticket_using_subcommand import" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand import" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand import" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand token; and not __fish_seen_subcommand_from new list revoke help" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand token; and not __fish_seen_subcommand_from new list revoke help" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand token; and not __fish_seen_subcommand_from new list revoke help" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand token; and not __fish_seen_subcommand_from new list revoke help" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand token; and not __fish_seen_subcommand_from new list revoke help" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand token; and not __fish_seen_subcommand_from new list revoke help" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand token; and not __fish_seen_subcommand_from new list revoke help" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand token; and not __fish_seen_subcommand_from new list revoke help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand token; and not __fish_seen_subcommand_from new list revoke help" -f -a "new" -d 'Issue a token for USER and print its secret, once'
complete -c ticket -n "__fish_ticket_using_subcommand token; and not __fish_seen_subcommand_from new list revoke help" -f -a "list" -d 'List every token, newest first, with its state (never a secret)'
complete -c ticket -n "__fish_ticket_using_subcommand token; and not __fish_seen_subcommand_from new list revoke help" -f -a "revoke" -d 'Revoke a token: requests bearing it are refused from now on'
complete -c ticket -n "__fish_ticket_using_subcommand token; and not __fish_seen_subcommand_from new list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from new" -l role -d 'What the token may do: agent (every ticket) or requester (the user\'s own tickets)' -r -f -a "agent\t''
requester\t''"
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from new" -l name -d 'A label for people ("web portal", "amy\'s laptop")' -r
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from new" -l expires -d 'Stop working after this long (e.g. 12h, 30d, 52w) [default: never]' -r
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from new" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from new" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from new" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from new" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from new" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from list" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from list" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from list" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from list" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from revoke" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from revoke" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from revoke" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from revoke" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from revoke" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from revoke" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "new" -d 'Issue a token for USER and print its secret, once'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every token, newest first, with its state (never a secret)'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a token: requests bearing it are refused from now on'
complete -c ticket -n "__fish_ticket_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ticket -n "__fish_ticket_using_subcommand serve" -l listen -d 'Address and port to listen on; port 0 picks a free one. Only loopback unless an address beyond it is given here' -r
complete -c ticket -n "__fish_ticket_using_subcommand serve" -l body-limit -d 'The largest request body taken, in bytes (larger: 413)' -r
complete -c ticket -n "__fish_ticket_using_subcommand serve" -l timeout -d 'How long one request may take (longer: 503)' -r
complete -c ticket -n "__fish_ticket_using_subcommand serve" -l max-in-flight -d 'Requests answered at once (more: 503 with Retry-After)' -r
complete -c ticket -n "__fish_ticket_using_subcommand serve" -l rate-limit -d 'Requests per second each token may send, in bursts of twice that (faster: 429 with Retry-After); 0 for no limit' -r
complete -c ticket -n "__fish_ticket_using_subcommand serve" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand serve" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand serve" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand serve" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand serve" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand serve" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand serve" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand completions" -l db -d 'The store: a SQLite file, or a team\'s PostgreSQL database' -r
complete -c ticket -n "__fish_ticket_using_subcommand completions" -l as -d 'Act as this user (committer of new tickets, author of replies)' -r
complete -c ticket -n "__fish_ticket_using_subcommand completions" -l format -d 'Output format [default: table in a terminal, tsv when piped]' -r -f -a "table\t'Aligned tables for people (the default in a terminal)'
tsv\t'Tab-separated rows, no header (the default when piped)'
json\t'One JSON document'
jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c ticket -n "__fish_ticket_using_subcommand completions" -l color -d 'When to use colours; NO_COLOR in the environment means never' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is unset'
always\t'Always'
never\t'Never'"
complete -c ticket -n "__fish_ticket_using_subcommand completions" -l json -d 'Print JSON (the stable contract for scripts); errors too, on stderr'
complete -c ticket -n "__fish_ticket_using_subcommand completions" -s q -l quiet -d 'Print less: writes print only the ids (import prints nothing), notices are silenced'
complete -c ticket -n "__fish_ticket_using_subcommand completions" -l dry-run -d 'Show what a write command would do, and write nothing'
complete -c ticket -n "__fish_ticket_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "new" -d 'File a new ticket and print it.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "list" -d 'List tickets, newest update first.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "show" -d 'Show tickets with their replies, oldest first.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "reply" -d 'Add a reply to a ticket, and move it along the workflow.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "status" -d 'Change the status of one or many tickets, in one transaction.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "edit" -d 'Change fields of one or many tickets; every change is recorded in history.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "history" -d 'Show every change made to a ticket: who, when, what, from and to.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "types" -d 'List ticket types, or add one.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "fields" -d 'List custom field definitions, add one, or attach one to a type.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "search" -d 'Find tickets by the words in their subject, question, replies and text fields, best match first.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "sweep" -d 'Move tickets idle for too long to another status (for cron).'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "undo" -d 'Revert a sweep run with compensating events.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "export" -d 'Export tickets with their fields, tags, replies and events.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "import" -d 'Import tickets, all or nothing.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "token" -d 'Issue, list and revoke API tokens for `ticket serve`.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "serve" -d 'Serve the seed HTTP APIs (seed 1 `/v3_1/workorder/…`, seed 2 `/api/v2/…`) over this desk, until SIGINT or SIGTERM.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "completions" -d 'Print the completion script for a shell.'
complete -c ticket -n "__fish_ticket_using_subcommand help; and not __fish_seen_subcommand_from new list show reply status edit history types fields search sweep undo export import token serve completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ticket -n "__fish_ticket_using_subcommand help; and __fish_seen_subcommand_from types" -f -a "list" -d 'List every type with its custom fields (the default)'
complete -c ticket -n "__fish_ticket_using_subcommand help; and __fish_seen_subcommand_from types" -f -a "add" -d 'Add a ticket type'
complete -c ticket -n "__fish_ticket_using_subcommand help; and __fish_seen_subcommand_from fields" -f -a "list" -d 'List every field and the types it is attached to (the default)'
complete -c ticket -n "__fish_ticket_using_subcommand help; and __fish_seen_subcommand_from fields" -f -a "add" -d 'Define a custom field, optionally attaching it to types'
complete -c ticket -n "__fish_ticket_using_subcommand help; and __fish_seen_subcommand_from fields" -f -a "attach" -d 'Attach an existing field to a type (or change whether it is required)'
complete -c ticket -n "__fish_ticket_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "new" -d 'Issue a token for USER and print its secret, once'
complete -c ticket -n "__fish_ticket_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "list" -d 'List every token, newest first, with its state (never a secret)'
complete -c ticket -n "__fish_ticket_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke a token: requests bearing it are refused from now on'
