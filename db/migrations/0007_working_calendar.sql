CREATE TABLE "calendar_day" (
	"day" date PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_year" (
	"year" integer PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"entered_by_name" text NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendar_day" ADD CONSTRAINT "calendar_day_year_calendar_year_year_fk" FOREIGN KEY ("year") REFERENCES "public"."calendar_year"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_day_year_idx" ON "calendar_day" USING btree ("year");