// The Cepheus rule language. Grammar only: no actions; every alternative of a rule with several
// alternatives is labelled. The syntax tree is built by io.cepheus.dsl.AstBuilder; the reference
// is docs/rule-language.md.
grammar Cepheus;

file
    : declaration* EOF
    ;

standaloneExpression
    : expression EOF
    ;

declaration
    : STREAM identifier '{' streamClause* '}'                   #streamDeclaration
    | RULE identifier '{' ruleClause* '}'                       #ruleDeclaration
    ;

streamClause
    : TOPIC string                                              #topicClause
    | TIME identifier (FORMAT string)?                          #timeClause
    | LATENESS DURATION                                         #latenessClause
    | KEY identifier                                            #keyClause
    | ID identifier                                             #idClause
    | IDLE TIMEOUT DURATION                                     #idleClause
    | FIELDS '{' fieldDeclaration* '}'                          #fieldsClause
    ;

fieldDeclaration
    : identifier ':' identifier
    ;

ruleClause
    : TITLE string                                              #titleClause
    | DESCRIPTION string                                        #descriptionClause
    | SEVERITY identifier                                       #severityClause
    | TAGS label (',' label)*                                   #tagsClause
    | OWNER string                                              #ownerClause
    | FROM streamReference (',' streamReference)*               #fromClause
    | FILTER expression                                         #filterClause
    | AGGREGATE window '{' aggregateItem* '}'                   #aggregateClause
    | WHEN expression                                           #whenClause
    | PARTITION BY expression (',' expression)*                 #partitionClause
    | PATTERN pattern                                           #patternClause
    | WHERE stepDefinition+                                     #whereClause
    | WITHIN DURATION                                           #withinClause
    | AFTER MATCH skipStrategy                                  #afterMatchClause
    | ALERT (ON TIMEOUT)? '{' alertItem* '}'                    #alertClause
    | SUPPRESS (PER expression (',' expression)*)? FOR DURATION #suppressClause
    | NOTIFY label (',' label)*                                 #notifyClause
    ;

label
    : identifier ('-' identifier)*                              #wordLabel
    | string                                                    #stringLabel
    ;

skipStrategy
    : NO SKIP_                                                  #noSkip
    | SKIP_ TO NEXT                                             #skipToNext
    | SKIP_ PAST LAST EVENT                                     #skipPastLastEvent
    | SKIP_ TO position=(FIRST | LAST) stepName (OR FAIL)?      #skipToStep
    ;

// A stream, or the alerts of a rule: logins, alerts(failed_login_burst).
streamReference
    : identifier ('(' source=identifier ')')?
    ;

// In a rule over several streams each step says which one it takes events from.
stepDefinition
    : stepName (FROM streamReference)? ':' expression (UNTIL expression)?     #conditionStep
    | stepName FROM streamReference                                           #streamStep
    ;

window
    : OVER LAST size=DURATION                                   #slidingWindow
    | EVERY advance=DURATION (OVER LAST size=DURATION)?         #everyWindow
    | SESSION GAP gap=DURATION                                  #sessionWindow
    ;

aggregateItem
    : identifier ':' expression
    ;

alertItem
    : SEVERITY identifier                                       #alertSeverity
    | SUMMARY string                                            #alertSummary
    | identifier ':' expression                                 #alertField
    ;

// ---------------------------------------------------------------- patterns

pattern
    : sequence ('|' sequence)*
    ;

sequence
    : element (link element)*
    ;

// A link may bound the time from the previous event to the next element: a -> within 5s b.
link
    : '->' partWindow?                                          #relaxedLink
    | '->>' partWindow?                                         #anyLink
    | partWindow?                                               #strictLink
    ;

partWindow
    : WITHIN DURATION
    ;

element
    : NOT stepName                                              #negatedStep
    | atom quantifier? OPTIONAL? innerContiguity?               #quantifiedAtom
    ;

atom
    : stepName                                                  #stepAtom
    | '(' pattern ')'                                           #groupAtom
    ;

quantifier
    : '+' reluctant='?'?                                        #oneOrMore
    | '*' reluctant='?'?                                        #zeroOrMore
    | '?' reluctant='?'?                                        #zeroOrOne
    | '{' min=INTEGER '}'                                       #exactly
    | '{' min=INTEGER ',' max=INTEGER? '}' reluctant='?'?       #range
    ;

innerContiguity
    : CONSECUTIVE                                               #consecutive
    | ANY                                                       #combinations
    ;

// ---------------------------------------------------------------- expressions

expression
    : NOT expression                                            #logicalNot
    | expression AND expression                                 #logicalAnd
    | expression OR expression                                  #logicalOr
    | valueExpression predicate?                                #predicated
    ;

predicate
    : comparisonOperator valueExpression                        #comparison
    | NOT? IN '(' expression (',' expression)* ')'              #inList
    | NOT? LIKE valueExpression                                 #like
    | NOT? MATCHES valueExpression                              #regexMatch
    | IS NOT? NULL                                              #nullTest
    ;

comparisonOperator
    : '==' | '!=' | '<' | '<=' | '>' | '>='
    ;

valueExpression
    : primaryExpression                                         #valueDefault
    | '-' valueExpression                                       #negation
    | valueExpression operator=('*' | '/' | '%') valueExpression #multiplicative
    | valueExpression operator=('+' | '-') valueExpression      #additive
    ;

primaryExpression
    : NULL                                                      #nullLiteral
    | (TRUE | FALSE)                                            #booleanLiteral
    | INTEGER                                                   #integerLiteral
    | DECIMAL_NUMBER                                            #decimalLiteral
    | DOUBLE_NUMBER                                             #doubleLiteral
    | DURATION                                                  #durationLiteral
    | string                                                    #stringLiteral
    | identifier '(' (expression (',' expression)*)? ')' OVER LAST DURATION #baselineCall
    | identifier '(' (expression (',' expression)*)? ')'        #functionCall
    | identifier DISTINCT primaryExpression                     #distinctCall
    | identifier                                                #nameReference
    | primaryExpression '.' identifier                          #fieldAccess
    | '(' expression ')'                                        #parenthesized
    ;

string
    : STRING
    ;

// In a pattern a word after a step starts the next step, so a step cannot be named by a keyword
// that can follow a pattern (a clause keyword, consecutive, any, not, ...).
stepName
    : IDENTIFIER                                                #plainStepName
    | QUOTED_IDENTIFIER                                         #quotedStepName
    | stepNameKeyword                                           #keywordStepName
    ;

stepNameKeyword
    : TOPIC | TIME | FORMAT | LATENESS | KEY | ID | IDLE | TIMEOUT | FIELDS
    | NEXT | PAST | LAST | FIRST | EVENT | FAIL | TO | NO | PER | OVER | EVERY | SESSION | GAP
    ;

identifier
    : IDENTIFIER                                                #plainIdentifier
    | QUOTED_IDENTIFIER                                         #quotedIdentifier
    | nonReserved                                               #keywordIdentifier
    ;

// Words with a meaning only at the start of a clause; they can also name fields and steps.
nonReserved
    : TOPIC | TIME | FORMAT | LATENESS | KEY | ID | IDLE | TIMEOUT | FIELDS
    | TITLE | DESCRIPTION | SEVERITY | TAGS | OWNER | SUMMARY | NOTIFY
    | NEXT | PAST | LAST | FIRST | EVENT | FAIL | TO | NO | PER
    | FILTER | AGGREGATE | WHEN | OVER | EVERY | SESSION | GAP | OPTIONAL
    ;

// ---------------------------------------------------------------- tokens

AFTER: 'after';
AGGREGATE: 'aggregate';
ALERT: 'alert';
AND: 'and';
ANY: 'any';
BY: 'by';
CONSECUTIVE: 'consecutive';
DESCRIPTION: 'description';
DISTINCT: 'distinct';
EVERY: 'every';
EVENT: 'event';
FAIL: 'fail';
FALSE: 'false';
FIELDS: 'fields';
FILTER: 'filter';
FIRST: 'first';
FOR: 'for';
FORMAT: 'format';
FROM: 'from';
GAP: 'gap';
ID: 'id';
IDLE: 'idle';
IN: 'in';
IS: 'is';
KEY: 'key';
LAST: 'last';
LATENESS: 'lateness';
LIKE: 'like';
MATCH: 'match';
MATCHES: 'matches';
NEXT: 'next';
NO: 'no';
NOT: 'not';
NOTIFY: 'notify';
NULL: 'null';
ON: 'on';
OPTIONAL: 'optional';
OR: 'or';
OVER: 'over';
OWNER: 'owner';
PARTITION: 'partition';
PAST: 'past';
PATTERN: 'pattern';
PER: 'per';
RULE: 'rule';
SESSION: 'session';
SEVERITY: 'severity';
SKIP_: 'skip';
STREAM: 'stream';
SUMMARY: 'summary';
SUPPRESS: 'suppress';
TAGS: 'tags';
TIME: 'time';
TIMEOUT: 'timeout';
TITLE: 'title';
TO: 'to';
TOPIC: 'topic';
TRUE: 'true';
UNTIL: 'until';
WHEN: 'when';
WHERE: 'where';
WITHIN: 'within';

EQ: '==';
NEQ: '!=';
LT: '<';
LTE: '<=';
GT: '>';
GTE: '>=';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';
PERCENT: '%';
ARROW: '->';
ARROW_ANY: '->>';
BAR: '|';
QUESTION: '?';
COLON: ':';
COMMA: ',';
DOT: '.';
LPAREN: '(';
RPAREN: ')';
LBRACE: '{';
RBRACE: '}';
// Not part of the language; lexed so that the error message can name the right operator.
ASSIGN: '=';
AMPERSANDS: '&&';
BARS: '||';
BANG: '!';

// A duration: one or more number-unit pairs, e.g. 90s, 1h30m.
DURATION: ([0-9]+ ('ms' | 's' | 'm' | 'h' | 'd'))+;
DOUBLE_NUMBER: [0-9]+ ('.' [0-9]+)? [eE] [+-]? [0-9]+;
DECIMAL_NUMBER: [0-9]+ '.' [0-9]+;
INTEGER: [0-9]+;
// A number run into letters ("5min", "3x"): reported as one bad token.
MALFORMED_NUMBER: [0-9]+ ('.' [0-9]+)? [a-zA-Z_] [a-zA-Z_0-9]*;

STRING
    : '"' (~["\\\r\n] | '\\' .)* '"'
    | '\'' (~['\\\r\n] | '\\' .)* '\''
    ;
UNTERMINATED_STRING
    : '"' (~["\\\r\n] | '\\' .)*
    | '\'' (~['\\\r\n] | '\\' .)*
    ;

IDENTIFIER: [a-zA-Z_] [a-zA-Z_0-9]*;
QUOTED_IDENTIFIER: '`' ~[`\r\n]+ '`';

COMMENT: '#' ~[\r\n]* -> channel(2);
WS: [ \t\r\n]+ -> channel(HIDDEN);

// Anything else; reported by the error handler as an unexpected character.
UNRECOGNIZED: .;
